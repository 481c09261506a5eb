package io.egressfed.hub.compile;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.Destinations;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentSpec;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.hub.compile.CompileWarning.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the hub's desired state into the exact config each member cluster must run.
 *
 * <p>A pure function: no I/O, no clock, no randomness, no state between calls (thread-safe). The
 * content it produces does not depend on the order of any input list nor on map iteration order,
 * so compiling the same state twice gives configs whose {@link ConfigBytes#canonicalBytes} are
 * identical, and a cluster whose config did not change gets no new version.
 *
 * <p>Placement is decided elsewhere; the compiler applies it:
 * <ul>
 *   <li>PerCluster intent: each of its allocations that names a cluster becomes one ACTIVE assignment
 *       of that allocation's IP in that cluster.
 *   <li>ActivePassive intent: its single allocation (no cluster) becomes an ACTIVE assignment in each
 *       of its decision's {@code active_clusters} and a FENCED one in each of its
 *       {@code fenced_clusters}, carrying the decision's epoch and the lease duration. Without a
 *       decision nothing is assigned anywhere: nothing is active before the coordinator decides.
 *       Other clusters (standby) get nothing.
 *   <li>Every member cluster gets a config, even an empty one, so that its agent removes what it no
 *       longer wants.
 * </ul>
 * Allocations and decisions that are malformed, conflicting, or name a cluster or intent that does
 * not exist are skipped and reported as {@link CompileWarning}s; they never stop the compilation.
 *
 * <p>The configs carry content only: {@code version}, {@code issued_at} and {@code expires_at} are
 * stamped by the publisher. Repeated fields that are sets are sorted and de-duplicated (see
 * {@link ConfigBytes} and the assignment fields below); assignments are sorted by (intent, egress IP).
 */
public final class ConfigCompiler {

    private static final Comparator<ConfigAssignment> ASSIGNMENT_ORDER =
            Comparator.comparing(ConfigAssignment::getIntent).thenComparing(ConfigAssignment::getEgressIp);

    /** Creates a compiler; it holds nothing, so one instance can serve every caller. */
    public ConfigCompiler() {
    }

    /**
     * Compiles one config per member cluster.
     *
     * @param input the desired state
     * @return the configs, keyed by cluster name, and the warnings
     * @throws IllegalArgumentException when two clusters, intents or pools share a name or one has
     *     no name (the input is then not one consistent snapshot of the store); the message names the
     *     offending list index
     */
    public CompileResult compile(CompileInput input) {
        Objects.requireNonNull(input, "input");
        return new Compilation(input).run();
    }

    /** The state of one {@link #compile} call. */
    private static final class Compilation {
        private final List<CompileWarning> warnings = new ArrayList<>();
        private final IndexedInput index;
        private final Duration leaseDuration;
        private final Map<String, List<ConfigAssignment>> assignmentsByCluster = new TreeMap<>();

        Compilation(CompileInput input) {
            this.index = new IndexedInput(input, warnings);
            this.leaseDuration = input.options().leaseDuration();
            index.clusters.keySet().forEach(cluster -> assignmentsByCluster.put(cluster, new ArrayList<>()));
        }

        CompileResult run() {
            index.intents.values().forEach(this::compileIntent);
            SortedMap<String, ClusterConfig> configs = new TreeMap<>();
            index.clusters.forEach((name, cluster) -> configs.put(name, clusterConfig(cluster,
                    assignmentsByCluster.get(name))));
            return new CompileResult(configs, warnings);
        }

        private void warn(Kind kind, String subject, String message) {
            warnings.add(new CompileWarning(kind, subject, message));
        }

        private void compileIntent(EgressIntent intent) {
            String name = intent.getMetadata().getName();
            List<Allocation> allocations = index.allocationsByIntent.getOrDefault(name, List.of());
            PlacementDecision decision = index.placementByIntent.get(name);
            PlacementMode mode = intent.getSpec().getPlacement().getMode();
            switch (mode) {
                case PLACEMENT_MODE_PER_CLUSTER -> compilePerCluster(intent, allocations, decision);
                case PLACEMENT_MODE_ACTIVE_PASSIVE -> compileActivePassive(intent, allocations, decision);
                default -> warn(Kind.UNSPECIFIED_MODE, "intents/" + name,
                        "spec.placement.mode: " + mode + " is not a placement mode; the intent is not compiled");
            }
        }

        private void compilePerCluster(EgressIntent intent, List<Allocation> allocations, PlacementDecision decision) {
            String name = intent.getMetadata().getName();
            for (Allocation allocation : allocations) {
                String subject = "alloc/" + allocation.getIp();
                if (allocation.getCluster().isEmpty()) {
                    warn(Kind.MODE_MISMATCH, subject, "cluster: is empty, but intent '" + name
                            + "' is PerCluster, whose addresses each belong to one cluster; skipped");
                    continue;
                }
                ConfigAssignment assignment = assignment(intent, allocation.getIp())
                        .setRole(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE)
                        .build();
                place(allocation.getCluster(), assignment, subject, "cluster");
            }
            if (decision != null) {
                warn(Kind.MODE_MISMATCH, "placement/" + name, "intent '" + name
                        + "' is PerCluster: each allocation is active in its own cluster; the decision is ignored");
            }
        }

        private void compileActivePassive(
                EgressIntent intent, List<Allocation> allocations, PlacementDecision decision) {
            String name = intent.getMetadata().getName();
            List<Allocation> shared = new ArrayList<>();
            for (Allocation allocation : allocations) {
                if (allocation.getCluster().isEmpty()) {
                    shared.add(allocation);
                } else {
                    warn(Kind.MODE_MISMATCH, "alloc/" + allocation.getIp(), "cluster: is '"
                            + allocation.getCluster() + "', but intent '" + name
                            + "' is ActivePassive, whose address follows the active cluster; skipped");
                }
            }
            if (shared.size() > 1) {
                warn(Kind.CONFLICTING_ALLOCATION, "intents/" + name, "ActivePassive intent has "
                        + shared.size() + " egress IPs " + shared.stream().map(Allocation::getIp).toList()
                        + " but takes exactly one; it is not compiled");
                return;
            }
            if (shared.isEmpty() || decision == null) {
                return;
            }
            String ip = shared.get(0).getIp();
            String subject = "placement/" + name;
            Set<String> fenced = new TreeSet<>(decision.getFencedClustersList());
            for (String cluster : new TreeSet<>(decision.getActiveClustersList())) {
                if (fenced.contains(cluster)) {
                    // Two clusters must never hold one IP; when in doubt, withdraw.
                    warn(Kind.CONFLICTING_PLACEMENT, subject, "cluster '" + cluster
                            + "' is in both active_clusters and fenced_clusters; it is fenced");
                    continue;
                }
                place(cluster, activePassive(intent, ip, decision, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE),
                        subject, "active_clusters");
            }
            for (String cluster : fenced) {
                place(cluster, activePassive(intent, ip, decision, AssignmentRole.ASSIGNMENT_ROLE_FENCED),
                        subject, "fenced_clusters");
            }
        }

        private ConfigAssignment activePassive(
                EgressIntent intent, String ip, PlacementDecision decision, AssignmentRole role) {
            return assignment(intent, ip)
                    .setRole(role)
                    .setLeaseDuration(com.google.protobuf.Duration.newBuilder()
                            .setSeconds(leaseDuration.getSeconds())
                            .setNanos(leaseDuration.getNano()))
                    .setEpoch(decision.getEpoch())
                    .build();
        }

        /** The fields every assignment of an intent shares; repeated fields that are sets are sorted. */
        private static ConfigAssignment.Builder assignment(EgressIntent intent, String ip) {
            EgressIntentSpec spec = intent.getSpec();
            Destinations destinations = spec.getDestinations();
            ConfigAssignment.Builder builder = ConfigAssignment.newBuilder()
                    .setIntent(intent.getMetadata().getName())
                    .setEgressIp(ip)
                    .addAllDestinationCidrs(SetOrder.sorted(destinations.getCidrsList()))
                    .addAllExceptCidrs(SetOrder.sorted(destinations.getExceptCidrsList()))
                    .addAllDestinationPorts(SetOrder.sorted(destinations.getPortsList()))
                    .setMode(spec.getPlacement().getMode());
            // An absent selector stays absent: turning it into an empty one would select every pod.
            if (spec.hasWorkloads()) {
                builder.setWorkloads(SetOrder.workloads(spec.getWorkloads()));
            }
            return builder;
        }

        private void place(String cluster, ConfigAssignment assignment, String subject, String field) {
            MemberCluster member = index.clusters.get(cluster);
            if (member == null) {
                warn(Kind.UNKNOWN_CLUSTER, subject, field + ": '" + cluster + "' is not a member cluster; skipped");
                return;
            }
            boolean needsAddressOnNode = member.getSpec().getBackend() == Backend.BACKEND_CILIUM
                    && assignment.getRole() == AssignmentRole.ASSIGNMENT_ROLE_ACTIVE;
            if (needsAddressOnNode
                    && !index.gatewayAddresses.getOrDefault(cluster, Set.of()).contains(assignment.getEgressIp())) {
                warn(Kind.EGRESS_IP_NOT_ON_GATEWAY, subject, "cluster '" + cluster + "' (cilium): no gateway node "
                        + "in its inventory carries " + assignment.getEgressIp()
                        + "; Cilium cannot use the IP until one does");
            }
            assignmentsByCluster.get(cluster).add(assignment);
        }

        private static ClusterConfig clusterConfig(MemberCluster cluster, List<ConfigAssignment> assignments) {
            ClusterConfig.Builder builder = ClusterConfig.newBuilder()
                    .setCluster(cluster.getMetadata().getName())
                    .setBackend(cluster.getSpec().getBackend());
            if (cluster.getSpec().hasGateway()) {
                builder.setGateway(SetOrder.gateway(cluster.getSpec().getGateway()));
            }
            return builder.addAllAssignments(assignments.stream().sorted(ASSIGNMENT_ORDER).toList()).build();
        }
    }
}

package io.egressfed.e2e.lab.demo;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.NodeFailure;
import io.egressfed.e2e.lab.dataplane.DataplaneObserver;
import io.egressfed.e2e.lab.examples.ExampleManifests;
import io.egressfed.e2e.lab.examples.ExampleSeeds;
import io.egressfed.e2e.lab.examples.ManifestNames;
import io.egressfed.e2e.lab.spoke.HubAccess;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import io.egressfed.hub.HubServer;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.pki.IssuedToken;
import io.egressfed.hub.state.ResourceKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The demo: a hub, one simulated cluster with a real agent per MemberCluster of the examples, the
 * examples applied, the converged assignments and backend objects printed, then one gateway node
 * failed and the re-point time measured, then a whole cluster's gateways failed and the ActivePassive
 * handover to the next cluster and back measured.
 */
public final class Demo {

    /**
     * How the demo runs.
     *
     * @param examples    the manifests directory, or empty to find {@code examples/}
     * @param summaryJson where to write the summary, if anywhere
     * @param store       where the hub keeps its state
     * @param nodes       nodes per simulated cluster
     * @param gateways    gateway nodes per simulated cluster
     * @param timeout     the longest any single wait may take
     */
    public record Options(Optional<Path> examples, Optional<Path> summaryJson, LabHub.StoreChoice store, int nodes,
            int gateways, Duration timeout) {
    }

    private static final String ACTOR = "egressfed-lab-demo";

    private final Options options;
    private final ConsolePrinter out;
    private final LongSupplier clock = System::nanoTime;
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private Optional<String> crossClusterNotShown = Optional.empty();

    /** @param out where the demo's output goes */
    public Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = new ConsolePrinter(out);
    }

    /**
     * Runs the demo from start to clean shutdown.
     *
     * @throws LabTimeoutException when the lab does not converge or recover in time
     * @throws Exception           when a part cannot start; the message says which
     */
    public void run() throws Exception {
        long started = clock.getAsLong();
        ExampleManifests examples = ExampleManifests.load(ExampleManifests.locate(options.examples()));
        out.title("egressfed lab demo",
                "Runs in this process, on loopback. The hub, its store and the three agents are the real egressfed",
                "code; each member cluster's Kubernetes API server is simulated (fabric8 mock server, CRUD mode), and",
                "so are kube-vip and the node failure. Manifests: " + examples.directory());
        List<LabSpoke> spokes = new ArrayList<>();
        try (LabHub lab = LabHub.start(options.store());
             Poller poller = new Poller();
             DataplaneObserver observer = new DataplaneObserver(clock);
             AutoCloseable stopSpokes = () -> spokes.forEach(LabSpoke::close)) {
            HubServer hub = lab.hub();
            out.section("Hub");
            out.line("  store       %s", lab.storeDescription());
            out.line("  spoke link  %s (gRPC, mTLS); CA sha256 %s", lab.spokeLinkAddress(), hub.caPin().sha256Hex());
            out.line("  signs with  Ed25519 key %s", hub.signingKeyId().hex());

            createAll(hub, ResourceKind.POOL, examples.pools());
            createAll(hub, ResourceKind.CLUSTER, examples.clusters());
            HubAccess access = new HubAccess(lab.spokeLinkAddress(), hub.caPin(), Set.of(hub.signingKeyId().hex()));
            for (MemberCluster member : examples.clusters()) {
                spokes.add(startSpoke(examples, member, hub, access, observer));
            }
            out.section("Member clusters (simulated), each with a real agent enrolled by a single-use token");
            out.clusters(spokes);
            poller.until("every agent to connect and report its gateway inventory", options.timeout(),
                    () -> agentsReady(hub, spokes), () -> "").get();
            timings.put("startup", millis(clock.getAsLong() - started));

            long applying = clock.getAsLong();
            createAll(hub, ResourceKind.INTENT, examples.intents());
            out.section("Intents");
            out.line("  Applied %d EgressIPPools, %d MemberClusters and %d EgressIntents from %s.",
                    examples.pools().size(), examples.clusters().size(), examples.intents().size(),
                    examples.directory());
            Convergence convergence = new Convergence(hub, spokes, observer);
            Convergence.Converged state = poller.until("the lab to converge", options.timeout(),
                    () -> {
                        try {
                            return convergence.check();
                        } catch (Exception e) {
                            throw new IllegalStateException(e.toString(), e);
                        }
                    }, convergence::lastProblem).get();
            List<ClusterAssignment> assignments = state.assignments();
            long converged = clock.getAsLong() - applying;
            timings.put("converge", millis(converged));
            out.line("  Converged %s after the intents were applied: every intent allocated, every agent answered",
                    ConsolePrinter.seconds(converged));
            out.line("  the newest signed config, every active egress IP held by its cluster's (simulated) dataplane.");
            if (!state.refusals().isEmpty()) {
                out.line("  %d refused by an agent, which NACKed the config to the hub:",
                        state.refusals().size());
                state.refusals().forEach(r -> out.line("    %s refused %s in config v%d: %s", r.cluster(),
                        r.intent().isEmpty() ? "the whole config" : r.intent(), r.version(), r.reason()));
            }

            List<WrittenObject> objects = new ArrayList<>();
            for (LabSpoke spoke : spokes) {
                List<WrittenObject> written = DemoReport.writtenObjects(spoke);
                objects.addAll(written);
                printCluster(hub, spoke, assignments, state.refusals(), written);
            }

            Optional<Failover.Result> failover = failover(spokes, assignments, examples, observer, poller);
            Optional<CrossClusterFailover.Result> crossCluster = crossClusterFailover(hub, spokes, assignments,
                    examples, observer, poller);
            timings.put("total", millis(clock.getAsLong() - started));
            if (options.summaryJson().isPresent()) {
                summary(lab, examples, spokes, state, objects, failover, crossCluster)
                        .write(options.summaryJson().get());
                out.section("Summary");
                out.line("  Written to %s (clusters, intents, assignments, every backend object, failover timings).",
                        options.summaryJson().get());
            }
            if (crossCluster.isPresent() && !crossCluster.get().overlaps().isEmpty()) {
                throw new IllegalStateException("egress IP " + crossCluster.get().ip()
                        + " was held by two clusters at once: " + String.join("; ", crossCluster.get().overlaps()));
            }
            out.line("");
            out.line("Stopping agents, simulated clusters, hub%s ...", lab.usesEtcd() ? " and etcd" : "");
        }
        out.line("Done in %s.", ConsolePrinter.seconds(clock.getAsLong() - started));
    }

    private LabSpoke startSpoke(ExampleManifests examples, MemberCluster member, HubServer hub, HubAccess access,
            DataplaneObserver observer) throws Exception {
        String name = member.getMetadata().getName();
        Backend backend = member.getSpec().getBackend();
        ClusterSeed seed = ExampleSeeds.seed(examples, name, backend, Optional.of(member.getMetadata().getLabelsMap()),
                member.getSpec().getGateway().getNodeSelector(), options.nodes(), options.gateways());
        LabSpoke spoke = LabSpoke.start(seed, backend,
                ExampleSeeds.gatewayLabels(member.getSpec().getGateway().getNodeSelector()), clock);
        try {
            observer.watch(name, spoke.cluster().client());
            IssuedToken token = hub.enrollmentTokens().create(name).get(options.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            spoke.connect(access, Optional.of(token.token()));
            return spoke;
        } catch (Exception failure) {
            spoke.close();
            throw failure;
        }
    }

    /** Agents connected, and every cilium cluster's gateway inventory stored (IPAM needs it). */
    private static Optional<Boolean> agentsReady(HubServer hub, List<LabSpoke> spokes) {
        for (LabSpoke spoke : spokes) {
            if (!hub.liveStatus().status(spoke.name()).map(LiveStatus::connected).orElse(false)) {
                return Optional.empty();
            }
            if (spoke.backend() == Backend.BACKEND_CILIUM && hub.resources().getInventory(spoke.name()).join()
                    .filter(inventory -> inventory.getGatewaysCount() > 0).isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(true);
    }

    private void printCluster(HubServer hub, LabSpoke spoke, List<ClusterAssignment> assignments,
            List<Refusal> refusals, List<WrittenObject> written) {
        long version = hub.liveStatus().status(spoke.name()).map(LiveStatus::appliedVersion).orElse(0L);
        out.section(spoke.name() + " (" + ManifestNames.of(spoke.backend()) + "): agent applied config v" + version);
        TextTable table = new TextTable("INTENT", "EGRESS IP", "ROLE", "GATEWAY NODE", "NOTE");
        for (ClusterAssignment a : assignments) {
            if (a.cluster().equals(spoke.name())) {
                table.row(a.intent(), a.ip(), a.role(), a.gatewayNode().isEmpty() ? "-" : a.gatewayNode(), note(a));
            }
        }
        for (Refusal r : refusals) {
            if (r.cluster().equals(spoke.name())) {
                table.row(r.intent().isEmpty() ? "(whole config)" : r.intent(), "-", "Refused", "-", r.reason());
            }
        }
        out.table(table, "  ");
        out.line("  Objects the agent wrote (%d):", written.size());
        written.forEach(object -> out.object(object, "    "));
    }

    private static String note(ClusterAssignment a) {
        if (!a.activeEndpoint().isEmpty()) {
            return "kube-vip (simulated) SNATs pod " + a.activeEndpoint();
        }
        if (!a.vipHost().isEmpty()) {
            return "VIP announced on " + a.vipHost() + " by kube-vip (simulated)";
        }
        if ("Standby".equals(a.role())) {
            return "ActivePassive standby: nothing written";
        }
        return a.reason();
    }

    /** Fails the gateway node of one active assignment in a cilium cluster (an ActivePassive one first). */
    private Optional<Failover.Result> failover(List<LabSpoke> spokes, List<ClusterAssignment> assignments,
            ExampleManifests examples, DataplaneObserver observer, Poller poller) throws Exception {
        out.section("Gateway failover (simulated node failure)");
        List<String> activePassive = examples.intents().stream()
                .filter(i -> i.getSpec().getPlacement().getMode() == PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE)
                .map(i -> i.getMetadata().getName()).toList();
        Optional<ClusterAssignment> victim = assignments.stream()
                .filter(a -> a.active() && !a.gatewayNode().isEmpty())
                .filter(a -> spokes.stream().anyMatch(s -> s.name().equals(a.cluster())
                        && s.backend() == Backend.BACKEND_CILIUM))
                .min(Comparator.comparing((ClusterAssignment a) -> !activePassive.contains(a.intent()))
                        .thenComparing(ClusterAssignment::cluster).thenComparing(ClusterAssignment::intent));
        if (victim.isEmpty()) {
            out.line("  Skipped: no cilium cluster has an active assignment.");
            return Optional.empty();
        }
        LabSpoke spoke = spokes.stream().filter(s -> s.name().equals(victim.get().cluster())).findFirst().orElseThrow();
        String node = victim.get().gatewayNode();
        List<ClusterAssignment> carried = assignments.stream()
                .filter(a -> a.cluster().equals(spoke.name()) && a.active() && a.gatewayNode().equals(node)).toList();
        out.line("  Setting node %s of %s NotReady (simulated kubelet failure). It carries:", node, spoke.name());
        carried.forEach(a -> out.line("    %s %s", a.intent(), a.ip()));
        Failover.Result result = new Failover(spokes, observer, poller, options.timeout())
                .run(spoke, node, NodeFailure.NOT_READY, carried);
        TextTable table = new TextTable("INTENT", "EGRESS IP", "LOST AFTER", "HELD AGAIN AFTER", "NOW ON");
        for (Failover.Move move : result.moves()) {
            table.row(move.intent(), move.ip(),
                    move.lostAfterNanos().isPresent() ? ConsolePrinter.millis(move.lostAfterNanos().getAsLong()) : "-",
                    ConsolePrinter.millis(move.heldAgainAfterNanos()),
                    move.heldBy() + " / " + move.gatewayNodeAfter());
        }
        out.table(table, "  ");
        long slowest = result.moves().stream().mapToLong(Failover.Move::heldAgainAfterNanos).max().orElse(0);
        out.line("  Re-point time (node failure -> policy on a healthy gateway, as the dataplane sees it): %s",
                ConsolePrinter.millis(slowest));
        out.line("  Measured on one monotonic clock from the API write that failed the node; in a real cluster,");
        out.line("  noticing the failure (kubelet heartbeats, node-monitor grace period) comes on top.");
        return Optional.of(result);
    }

    /** Moves the example ActivePassive intent to its next cluster and back; see {@link CrossClusterFailover}. */
    private Optional<CrossClusterFailover.Result> crossClusterFailover(HubServer hub, List<LabSpoke> spokes,
            List<ClusterAssignment> assignments, ExampleManifests examples, DataplaneObserver observer, Poller poller)
            throws Exception {
        out.section("Cross-cluster failover (disaster recovery: every gateway of the active cluster fails)");
        Optional<EgressIntent> intent = examples.intents().stream()
                .filter(i -> i.getMetadata().getName().equals(CrossClusterFailover.INTENT))
                .filter(i -> i.getSpec().getPlacement().getMode() == PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE)
                .findFirst();
        Optional<String> ip = assignments.stream()
                .filter(a -> a.intent().equals(CrossClusterFailover.INTENT) && a.active())
                .map(ClusterAssignment::ip).findFirst();
        if (intent.isEmpty() || ip.isEmpty()) {
            out.line("  Skipped: the examples have no active ActivePassive intent %s.", CrossClusterFailover.INTENT);
            return Optional.empty();
        }
        try {
            return Optional.of(new CrossClusterFailover(hub, spokes, observer, poller, out, clock, options.timeout())
                    .run(intent.get(), ip.get()));
        } catch (NoFailoverTargetException noTarget) {
            // Nothing was failed: the demo goes on, and the summary records why this section is missing.
            crossClusterNotShown = Optional.of(noTarget.getMessage());
            out.line("  NOT SHOWN: %s.", noTarget.getMessage());
            return Optional.empty();
        }
    }

    private DemoSummary summary(LabHub lab, ExampleManifests examples, List<LabSpoke> spokes,
            Convergence.Converged state, List<WrittenObject> objects, Optional<Failover.Result> failover,
            Optional<CrossClusterFailover.Result> crossCluster) {
        List<DemoSummary.Cluster> clusters = new ArrayList<>();
        for (LabSpoke spoke : spokes) {
            Map<String, String> labels = examples.cluster(spoke.name()).map(c -> c.getMetadata().getLabelsMap())
                    .orElse(Map.of());
            clusters.add(new DemoSummary.Cluster(spoke.name(), ManifestNames.of(spoke.backend()), labels,
                    spoke.cluster().apiServerUrl(), spoke.kubeVip().isPresent(),
                    lab.hub().liveStatus().status(spoke.name()).map(LiveStatus::appliedVersion).orElse(0L),
                    spoke.cluster().seed().nodes().stream()
                            .map(n -> new DemoSummary.Node(n.name(), n.labels(), n.egressIps())).toList()));
        }
        List<DemoSummary.Intent> intents = examples.intents().stream()
                .map(i -> new DemoSummary.Intent(i.getMetadata().getName(),
                        ManifestNames.of(i.getSpec().getPlacement().getMode()), i.getSpec().getEgressIp().getPool(),
                        i.getSpec().getEgressIp().getAddress()))
                .toList();
        DemoSummary.Failover failed = failover.map(f -> new DemoSummary.Failover(f.cluster(), f.node(), "NotReady",
                f.moves().stream().map(m -> new DemoSummary.Move(m.intent(), m.ip(),
                        m.lostAfterNanos().isPresent() ? m.lostAfterNanos().getAsLong() / 1e6 : null,
                        m.heldAgainAfterNanos() / 1e6, m.heldBy(), m.gatewayNodeAfter())).toList()))
                .orElse(null);
        return new DemoSummary(lab.storeDescription(), lab.usesEtcd(), timings, clusters, intents,
                state.assignments(), state.refusals(), objects, failed,
                crossCluster.map(DemoSummary.CrossClusterFailover::of)
                        .or(() -> crossClusterNotShown.map(DemoSummary.CrossClusterFailover::notShown)).orElse(null));
    }

    private static <T extends Message> void createAll(HubServer hub, ResourceKind<T> kind, List<T> objects) {
        for (T object : objects) {
            hub.resources().create(kind, object, ACTOR).join();
        }
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }
}

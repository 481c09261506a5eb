package io.egressfed.e2e.lab.demo;

import com.google.common.net.InetAddresses;
import io.egressfed.api.v1alpha1.AssignmentStatus;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.e2e.lab.dataplane.DataplaneObserver;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import io.egressfed.hub.HubServer;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.state.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether the lab has converged on the newest intents: every intent allocated, every agent
 * answered the newest config the hub holds for its cluster (an ACK, or a NACK that is then reported as
 * a {@link Refusal}), the agents enforce every allocation that was not refused (an ActivePassive intent
 * in exactly one cluster), and the dataplane (as the {@link DataplaneObserver} derives it from the
 * backend objects) holds every active IP.
 */
final class Convergence {

    /**
     * The converged state.
     *
     * @param assignments what the agents enforce
     * @param refusals    what they refused
     */
    record Converged(List<ClusterAssignment> assignments, List<Refusal> refusals) {
    }

    private final HubServer hub;
    private final List<LabSpoke> spokes;
    private final DataplaneObserver observer;
    private volatile String lastProblem = "nothing checked yet";

    Convergence(HubServer hub, List<LabSpoke> spokes, DataplaneObserver observer) {
        this.hub = hub;
        this.spokes = List.copyOf(spokes);
        this.observer = observer;
    }

    /** The converged state; empty while not converged, with {@link #lastProblem()} saying why. */
    Optional<Converged> check() throws Exception {
        List<Refusal> refusals = new ArrayList<>();
        Optional<String> problem = problem(refusals);
        lastProblem = problem.orElse("");
        return problem.isPresent() ? Optional.empty()
                : Optional.of(new Converged(notRefused(assignments(), refusals), refusals));
    }

    /** A refused assignment stays in the agent's state as unhealthy; it is reported as a refusal instead. */
    private static List<ClusterAssignment> notRefused(List<ClusterAssignment> assignments, List<Refusal> refusals) {
        return assignments.stream()
                .filter(a -> refusals.stream().noneMatch(r -> r.cluster().equals(a.cluster())
                        && (r.intent().isEmpty() || r.intent().equals(a.intent()))))
                .toList();
    }

    /** Why the last check found the lab not converged. */
    String lastProblem() {
        return lastProblem;
    }

    private List<ClusterAssignment> assignments() {
        List<ClusterAssignment> all = new ArrayList<>();
        spokes.forEach(spoke -> all.addAll(DemoReport.assignments(spoke)));
        return all;
    }

    private Optional<String> problem(List<Refusal> refusals) throws Exception {
        List<EgressIntent> intents = hub.resources().list(ResourceKind.INTENT).get(5, TimeUnit.SECONDS);
        for (EgressIntent intent : intents) {
            Optional<Condition> allocated = intent.getStatus().getConditionsList().stream()
                    .filter(c -> c.getType().equals("Allocated")).findFirst();
            if (allocated.isEmpty() || !allocated.get().getStatus().equals("True")) {
                return Optional.of("intent " + intent.getMetadata().getName() + " is not allocated"
                        + allocated.map(c -> ": " + c.getMessage()).orElse(""));
            }
        }
        for (LabSpoke spoke : spokes) {
            Optional<LiveStatus> live = hub.liveStatus().status(spoke.name());
            if (live.isEmpty() || !live.get().connected()) {
                return Optional.of("agent of " + spoke.name() + " is not connected");
            }
            LiveStatus status = live.get();
            if (status.desiredVersion() > 0 && !status.lastError().isEmpty()
                    && status.lastErrorVersion() == status.desiredVersion()) {
                if (status.assignmentErrors().isEmpty()) {
                    refusals.add(new Refusal(spoke.name(), "", status.lastErrorVersion(), status.lastError()));
                }
                status.assignmentErrors().forEach((intent, reason) ->
                        refusals.add(new Refusal(spoke.name(), intent, status.lastErrorVersion(), reason)));
                continue;
            }
            if (status.desiredVersion() == 0 || status.appliedVersion() != status.desiredVersion()) {
                return Optional.of(spoke.name() + " applied v" + status.appliedVersion() + ", hub holds v"
                        + status.desiredVersion());
            }
        }
        List<ClusterAssignment> enforced = notRefused(assignments(), refusals);
        for (EgressIntent intent : intents) {
            String name = intent.getMetadata().getName();
            boolean activePassive = intent.getSpec().getPlacement().getMode()
                    == PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE;
            if (refusals.stream().anyMatch(r -> r.intent().equals(name) || r.intent().isEmpty())) {
                continue;
            }
            for (AssignmentStatus allocation : intent.getStatus().getAssignmentsList()) {
                List<ClusterAssignment> carriers = enforced.stream()
                        .filter(a -> a.intent().equals(name) && a.active() && sameIp(a.ip(), allocation.getIp()))
                        .filter(a -> activePassive || a.cluster().equals(allocation.getCluster()))
                        .toList();
                if (carriers.size() != 1) {
                    return Optional.of("intent " + name + " " + allocation.getIp() + " is active in "
                            + carriers.size() + " clusters");
                }
            }
        }
        for (ClusterAssignment assignment : enforced) {
            if (!assignment.active()) {
                continue;
            }
            if (!assignment.healthy()) {
                return Optional.of(assignment.cluster() + "/" + assignment.intent() + " is not healthy: "
                        + assignment.reason());
            }
            if (!observer.held(assignment.cluster()).contains(canonical(assignment.ip()))) {
                return Optional.of(assignment.cluster() + " does not hold " + assignment.ip() + " ("
                        + assignment.intent() + ") in its dataplane yet");
            }
        }
        return Optional.empty();
    }

    static boolean sameIp(String a, String b) {
        return canonical(a).equals(canonical(b));
    }

    static String canonical(String ip) {
        return InetAddresses.isInetAddress(ip) ? InetAddresses.toAddrString(InetAddresses.forString(ip)) : ip;
    }
}

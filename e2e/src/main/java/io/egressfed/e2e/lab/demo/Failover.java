package io.egressfed.e2e.lab.demo;

import io.egressfed.e2e.lab.cluster.NodeFailure;
import io.egressfed.e2e.lab.dataplane.DataplaneObserver;
import io.egressfed.e2e.lab.dataplane.HoldInterval;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fails one gateway node and measures, per egress IP it carried, when the dataplane stopped holding
 * the IP and when a cluster held it again: all on the lab's monotonic clock, from the instant the
 * failure was injected.
 */
final class Failover {

    /**
     * What happened to one IP the failed node carried.
     *
     * @param intent              the intent
     * @param ip                  its egress IP
     * @param lostAfterNanos      when the dataplane stopped holding it (empty if it never did)
     * @param heldAgainAfterNanos when a cluster held it again
     * @param heldBy              that cluster
     * @param gatewayNodeAfter    the gateway node there
     */
    record Move(String intent, String ip, OptionalLong lostAfterNanos, long heldAgainAfterNanos, String heldBy,
            String gatewayNodeAfter) {
    }

    /**
     * The failure and its consequences.
     *
     * @param cluster the cluster of the failed node
     * @param node    the failed node
     * @param how     how it failed
     * @param moves   one entry per active assignment the node carried
     */
    record Result(String cluster, String node, NodeFailure how, List<Move> moves) {
    }

    /** How long to wait for the observer's new hold once the agent reports the new gateway. */
    private static final Duration GAP_GRACE = Duration.ofSeconds(5);

    private final List<LabSpoke> spokes;
    private final DataplaneObserver observer;
    private final Poller poller;
    private final Duration timeout;

    Failover(List<LabSpoke> spokes, DataplaneObserver observer, Poller poller, Duration timeout) {
        this.spokes = List.copyOf(spokes);
        this.observer = observer;
        this.poller = poller;
        this.timeout = timeout;
    }

    /**
     * Fails {@code node} of {@code spoke} and waits until every IP in {@code carried} is held again.
     *
     * @throws LabTimeoutException when an IP is not held again in time
     */
    Result run(LabSpoke spoke, String node, NodeFailure how, List<ClusterAssignment> carried) throws Exception {
        long failedAt = spoke.gateways().fail(node, how);
        List<Move> moves = new ArrayList<>();
        for (ClusterAssignment assignment : carried) {
            CompletableFuture<HoldInterval> nextHold = heldAgain(assignment.ip(), failedAt);
            // The agent's own view: the assignment is active on a node other than the failed one.
            String newGateway = poller.until("the agent of " + spoke.name() + " to report the new gateway of "
                            + assignment.intent(), timeout,
                    () -> DemoReport.assignments(spoke).stream()
                            .filter(a -> a.intent().equals(assignment.intent()) && a.active()
                                    && !a.gatewayNode().isEmpty() && !a.gatewayNode().equals(node))
                            .map(ClusterAssignment::gatewayNode)
                            .findFirst(),
                    () -> "").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long reportedAfter = System.nanoTime() - failedAt;
            Move move;
            try {
                HoldInterval again = nextHold.get(GAP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                move = new Move(assignment.intent(), assignment.ip(), lostAfter(spoke.name(), assignment.ip(), failedAt),
                        again.fromNanos() - failedAt, again.cluster(), newGateway);
            } catch (TimeoutException noGap) {
                // The observer's caches saw the re-pointed policy before the node failure, so it recorded no
                // gap; the agent's report is then the only measurement, an upper bound of the re-point time.
                move = new Move(assignment.intent(), assignment.ip(), OptionalLong.empty(), reportedAfter,
                        spoke.name(), newGateway);
            }
            moves.add(move);
        }
        return new Result(spoke.name(), node, how, moves);
    }

    /** The first hold of {@code ip} by any cluster that starts after the failure. */
    private CompletableFuture<HoldInterval> heldAgain(String ip, long failedAt) {
        String canonical = Convergence.canonical(ip);
        CompletableFuture<HoldInterval> first = new CompletableFuture<>();
        for (LabSpoke candidate : spokes) {
            observer.nextHold(candidate.name(), canonical, failedAt).thenAccept(first::complete);
        }
        return first.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(failure -> {
            throw new LabTimeoutException("timed out after " + timeout.toSeconds() + " s waiting for any cluster to "
                    + "hold " + ip + " again");
        });
    }

    /** When the failed cluster's hold on {@code ip} that was open at the failure ended. */
    private OptionalLong lostAfter(String cluster, String ip, long failedAt) {
        String canonical = Convergence.canonical(ip);
        Optional<HoldInterval> cut = observer.timeline().intervals().stream()
                .filter(i -> i.cluster().equals(cluster) && i.ip().equals(canonical))
                .filter(i -> i.fromNanos() <= failedAt && i.toNanos().isPresent() && i.toNanos().getAsLong() >= failedAt)
                .findFirst();
        return cut.map(i -> OptionalLong.of(i.toNanos().getAsLong() - failedAt)).orElse(OptionalLong.empty());
    }
}

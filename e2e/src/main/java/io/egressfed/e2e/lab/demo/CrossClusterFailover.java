package io.egressfed.e2e.lab.demo;

import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.e2e.lab.cluster.NodeFailure;
import io.egressfed.e2e.lab.cluster.SimulatedNode;
import io.egressfed.e2e.lab.dataplane.DataplaneObserver;
import io.egressfed.e2e.lab.dataplane.HoldInterval;
import io.egressfed.e2e.lab.examples.ManifestNames;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.hub.HubServer;
import io.egressfed.hub.coordinator.HealthView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The disaster-recovery path of an ActivePassive intent, end to end with the real hub and agents: every
 * gateway node of the active cluster goes NotReady, the coordinator withdraws the intent (WITHDRAWING,
 * old cluster fenced) and activates it in the next cluster; the nodes come back and Auto failback moves it
 * home the same way. Each handover is measured from the dataplane observer's hold intervals, on the demo's
 * monotonic clock, and every interval of the IP is checked for two clusters holding it at once.
 */
final class CrossClusterFailover {

    /** The example intent whose disaster recovery the demo shows. */
    static final String INTENT = "ledger-partner-sftp";

    /**
     * One move of the IP from one cluster to another, on the monotonic clock.
     *
     * @param from        the cluster that held the IP
     * @param to          the cluster that holds it afterwards
     * @param triggeredAt the API write that caused the move (nodes failed or restored)
     * @param releasedAt  when {@code from} stopped holding the IP
     * @param takenAt     when {@code to} started holding it
     */
    record Handover(String from, String to, long triggeredAt, long releasedAt, long takenAt) {

        long releasedAfter() {
            return releasedAt - triggeredAt;
        }

        long takenAfter() {
            return takenAt - triggeredAt;
        }

        long gap() {
            return takenAt - releasedAt;
        }
    }

    /**
     * What the section showed.
     *
     * @param intent     the intent
     * @param ip         its egress IP
     * @param nodes      the gateway nodes of the home cluster that were NotReady
     * @param failover   home cluster to the next one
     * @param failback   back home
     * @param placements every placement record seen, the one before the failure first
     * @param overlaps   each time two clusters held the IP at once; empty when it never happened
     */
    record Result(String intent, String ip, List<String> nodes, Handover failover, Handover failback,
            List<PlacementRecords.Change> placements, List<String> overlaps) {
    }

    /** How long the section waits for the hub to see a failover target healthy before it gives up. */
    private static final Duration TARGET_HEALTH_WAIT = Duration.ofSeconds(10);

    private final HubServer hub;
    private final List<LabSpoke> spokes;
    private final DataplaneObserver observer;
    private final Poller poller;
    private final ConsolePrinter out;
    private final LongSupplier clock;
    private final Duration timeout;

    CrossClusterFailover(HubServer hub, List<LabSpoke> spokes, DataplaneObserver observer, Poller poller,
            ConsolePrinter out, LongSupplier clock, Duration timeout) {
        this.hub = hub;
        this.spokes = List.copyOf(spokes);
        this.observer = observer;
        this.poller = poller;
        this.out = out;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Fails over {@code intent} (allocated {@code ip}) and back, printing the section.
     *
     * @throws LabTimeoutException     when a handover or placement does not happen in time
     * @throws NoFailoverTargetException when no other candidate is healthy in the hub's view, so the
     *                                   coordinator would (rightly) keep the intent where it is; nothing failed
     */
    Result run(EgressIntent intent, String ip) throws Exception {
        String name = intent.getMetadata().getName();
        String canonical = Convergence.canonical(ip);
        try (PlacementRecords placements = new PlacementRecords(hub.store(), hub.keys(), name, clock)) {
            PlacementRecords.Change before = placements.current();
            String home = before.decision().getActiveClustersCount() == 1
                    ? before.decision().getActiveClusters(0) : "";
            LabSpoke homeSpoke = spokes.stream().filter(s -> s.name().equals(home)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("placement/" + name + " is not ACTIVE on one lab "
                            + "cluster: " + before.decision().getActiveClustersList()));
            out.line("  %s (%s): preference %s, failback %s. The hub's placement: ACTIVE %s, epoch %d.", name, ip,
                    String.join(" then ", intent.getSpec().getPlacement().getPreferenceList()),
                    ManifestNames.of(intent.getSpec().getPlacement().getFailback()), home,
                    before.decision().getEpoch());

            requireHealthyTarget(name, home, intent.getSpec().getPlacement().getPreferenceList());

            List<String> nodes = homeSpoke.cluster().seed().nodes().stream().filter(n -> !n.labels().isEmpty())
                    .map(SimulatedNode::name).toList();
            List<String> alreadyFailed = nodes.stream().filter(homeSpoke.gateways().failed()::containsKey).toList();
            out.line("  Setting every gateway node of %s NotReady: %s%s.", home, String.join(", ", nodes),
                    alreadyFailed.isEmpty() ? "" : " (" + String.join(", ", alreadyFailed)
                            + " already is, since the gateway failover above)");
            long failedAt = Long.MAX_VALUE;
            for (String node : nodes) {
                if (!alreadyFailed.contains(node)) {
                    failedAt = Math.min(failedAt, homeSpoke.gateways().fail(node, NodeFailure.NOT_READY));
                }
            }
            if (failedAt == Long.MAX_VALUE) {
                // Every gateway was already down since the section above: the failover runs from now on.
                failedAt = clock.getAsLong();
            }
            Handover failover = handover(canonical, home, Optional.empty(), failedAt);
            PlacementRecords.Change away = poller.until("placement/" + name + " to be ACTIVE on " + failover.to(),
                    timeout,
                    () -> placements.activeOnAfter(failover.to(), before.decision().getEpoch()),
                    () -> "newest record: " + placements.current().state() + " " + placements.current().clusters())
                    .get();
            List<String> overlaps = new ArrayList<>();
            printHandover(failover, ip, "the nodes went NotReady", overlaps);
            int shown = printPlacements(placements.all(), 0, failedAt);

            out.line("  Restoring the nodes of %s; failback is Auto, after the hub has seen %s healthy for its"
                    + " stabilization period (~3 s).", home, home);
            long restoredAt = Long.MAX_VALUE;
            for (String node : List.copyOf(homeSpoke.gateways().failed().keySet())) {
                restoredAt = Math.min(restoredAt, homeSpoke.gateways().restore(node));
            }
            Handover failback = handover(canonical, failover.to(), Optional.of(home), restoredAt);
            long epochAway = away.decision().getEpoch();
            poller.until("placement/" + name + " to be ACTIVE on " + home + " again", timeout,
                    () -> placements.activeOnAfter(home, epochAway),
                    () -> "newest record: " + placements.current().state() + " " + placements.current().clusters())
                    .get();
            printHandover(failback, ip, "the nodes were restored", overlaps);
            printPlacements(placements.all(), shown, restoredAt);
            return new Result(name, ip, nodes, failover, failback, placements.all(), overlaps);
        }
    }

    /**
     * The coordinator moves an ActivePassive intent only to a candidate it sees healthy (FAILOVER_PROTOCOL,
     * "Health"); failing the home cluster without one would just take the IP down. Waits briefly, since health
     * reports arrive every heartbeat.
     */
    private void requireHealthyTarget(String intent, String home, List<String> preference)
            throws InterruptedException {
        List<String> targets = preference.stream().filter(c -> !c.equals(home)).toList();
        try {
            poller.until("a failover target of " + intent + " to be healthy", TARGET_HEALTH_WAIT,
                    () -> targets.stream().filter(c -> hub.liveStatus().status(c)
                            .map(status -> HealthView.healthy(status, intent)).orElse(false)).findFirst(),
                    () -> "").get();
        } catch (ExecutionException notHealthy) {
            List<String> why = targets.stream().map(c -> c + ": " + hub.liveStatus().status(c).map(status ->
                    !status.connected() ? "agent not connected"
                            : "agent connected, health report lists "
                            + status.lastHealth().map(h -> h.getInventoryList().stream()
                                    .filter(GatewayInventory::getReady).count()).orElse(0L)
                            + " ready gateway(s) in its inventory").orElse("no live status")).toList();
            throw new NoFailoverTargetException(intent, why);
        }
    }

    /**
     * Waits until a cluster other than {@code from} (or exactly {@code to}) starts holding {@code ip} after
     * {@code triggeredAt}, and until {@code from} no longer holds it; both bounded by the timeout.
     */
    private Handover handover(String ip, String from, Optional<String> to, long triggeredAt) throws Exception {
        CompletableFuture<HoldInterval> taken = new CompletableFuture<>();
        for (LabSpoke candidate : spokes) {
            if (to.map(candidate.name()::equals).orElse(!candidate.name().equals(from))) {
                observer.nextHold(candidate.name(), ip, triggeredAt).thenAccept(taken::complete);
            }
        }
        HoldInterval hold;
        try {
            hold = taken.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            throw new LabTimeoutException("timed out after " + timeout.toSeconds() + " s waiting for "
                    + to.orElse("a cluster other than " + from) + " to hold " + ip + "; holders now: "
                    + observer.timeline().holders(ip, clock.getAsLong()));
        }
        HoldInterval released = poller.until(from + " to stop holding " + ip, timeout,
                () -> observer.timeline().intervals().stream()
                        .filter(i -> i.cluster().equals(from) && i.ip().equals(ip) && i.toNanos().isPresent())
                        .filter(i -> i.fromNanos() <= triggeredAt)
                        .max((a, b) -> Long.compare(a.toNanos().getAsLong(), b.toNanos().getAsLong())),
                () -> "holders now: " + observer.timeline().holders(ip, clock.getAsLong())).get();
        return new Handover(from, hold.cluster(), triggeredAt, released.toNanos().getAsLong(), hold.fromNanos());
    }

    private void printHandover(Handover move, String ip, String trigger, List<String> overlaps) {
        out.line("  Measured from the API write that %s, on the demo's monotonic clock, from the dataplane", trigger);
        out.line("  observer's hold intervals:");
        TextTable table = new TextTable("", "");
        table.row(move.from() + " stopped holding " + ip, "+" + ConsolePrinter.millis(move.releasedAfter()));
        table.row(move.to() + " started holding it", "+" + ConsolePrinter.millis(move.takenAfter()));
        table.row("gap (held by no cluster)", ConsolePrinter.millis(move.gap()));
        List<String> seen = overlaps(Convergence.canonical(ip), move.triggeredAt());
        seen.stream().filter(o -> !overlaps.contains(o)).forEach(overlaps::add);
        if (overlaps.isEmpty()) {
            table.row("held by two clusters at once", "never");
        } else {
            overlaps.forEach(o -> table.row("HELD BY TWO CLUSTERS AT ONCE", o));
        }
        table.render("    ").stream().skip(1).forEach(line -> out.line("%s", line));
    }

    /** Prints the records from index {@code from} on, timed from {@code since}; returns how many there are. */
    private int printPlacements(List<PlacementRecords.Change> records, int from, long since) {
        out.line("  Placement records the hub committed (placement/%s in its store):", records.get(0).decision()
                .getIntent());
        TextTable table = new TextTable("SEEN", "REVISION", "STATE", "CLUSTERS", "EPOCH", "REASON");
        for (PlacementRecords.Change change : records.subList(from, records.size())) {
            table.row(change.atNanos() < since ? "before" : "+" + ConsolePrinter.millis(change.atNanos() - since),
                    "r" + change.revision(), change.state(), change.clusters(),
                    String.valueOf(change.decision().getEpoch()), change.decision().getReason());
        }
        out.table(table, "    ");
        return records.size();
    }

    /**
     * Every pair of intervals of {@code ip} held by different clusters that overlap, over the whole run (an
     * open interval lasts until now), described with times relative to {@code origin}.
     */
    private List<String> overlaps(String ip, long origin) {
        List<HoldInterval> intervals = observer.timeline().intervals().stream().filter(i -> i.ip().equals(ip))
                .toList();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < intervals.size(); i++) {
            for (int j = i + 1; j < intervals.size(); j++) {
                HoldInterval a = intervals.get(i);
                HoldInterval b = intervals.get(j);
                if (!a.cluster().equals(b.cluster()) && a.fromNanos() < end(b) && b.fromNanos() < end(a)) {
                    found.add(describe(a, origin) + " and " + describe(b, origin));
                }
            }
        }
        return found;
    }

    private static long end(HoldInterval interval) {
        return interval.toNanos().orElse(Long.MAX_VALUE);
    }

    private static String describe(HoldInterval interval, long origin) {
        return interval.cluster() + " [" + relative(interval.fromNanos() - origin) + ", "
                + (interval.toNanos().isPresent() ? relative(interval.toNanos().getAsLong() - origin) : "still") + ")";
    }

    private static String relative(long nanos) {
        return (nanos >= 0 ? "+" : "-") + ConsolePrinter.millis(Math.abs(nanos));
    }
}

package io.egressfed.e2e.bench;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.e2e.bench.fleet.FleetProcess;
import io.egressfed.e2e.bench.fleet.LightAgentFleet;
import io.egressfed.e2e.lab.demo.LabHub;
import io.egressfed.e2e.lab.demo.Poller;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.state.ResourceKind;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Connected agents held by one hub replica: N lightweight agents in a child JVM (so the hub's JVM holds
 * only the hub) enroll, connect and heartbeat every second; after holding them the scenario counts the
 * agents the hub sees connected and heard from within three heartbeats, and the hub heap per agent (heap
 * after a full collection, with the agents connected minus before).
 */
public final class ScaleScenario implements Scenario {

    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration FRESH = HEARTBEAT.multipliedBy(3);

    private final LabHub lab;
    private final int agents;
    private final Duration hold;

    /**
     * @param lab the hub
     * @param agents how many agents
     * @param hold how long to hold them connected before counting
     */
    public ScaleScenario(LabHub lab, int agents, Duration hold) {
        this.lab = lab;
        this.agents = agents;
        this.hold = hold;
    }

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public ScenarioReport run() throws Exception {
        List<LightAgentFleet.Member> members = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            String cluster = String.format(Locale.ROOT, "scale-%05d", i);
            lab.hub().resources().create(ResourceKind.CLUSTER, BenchResources.cluster(cluster,
                    Backend.BACKEND_KUBE_VIP, "scale"), BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
            members.add(new LightAgentFleet.Member(cluster,
                    lab.hub().enrollmentTokens().create(cluster).get(30, TimeUnit.SECONDS).token()));
        }
        long heapBefore = settledHeap();
        long connectStarted = System.nanoTime();
        long connected;
        long fresh;
        long heapWith;
        try (FleetProcess fleet = FleetProcess.start(PropagationScenario.target(lab, HEARTBEAT), members,
                Duration.ofMinutes(30));
             Poller poller = new Poller()) {
            long connectNanos = System.nanoTime() - connectStarted;
            long holdUntil = System.nanoTime() + hold.toNanos();
            poller.until("the hold period", hold.plusSeconds(10),
                    () -> System.nanoTime() >= holdUntil ? Optional.of(true) : Optional.empty(), () -> "").get();
            List<LiveStatus> statuses = members.stream()
                    .map(m -> lab.hub().liveStatus().status(m.cluster()).orElse(LiveStatus.unknown(m.cluster())))
                    .toList();
            Instant now = Instant.now();
            connected = statuses.stream().filter(LiveStatus::connected).count();
            fresh = statuses.stream().filter(s -> s.lastSeen().filter(seen -> seen.plus(FRESH).isAfter(now))
                    .isPresent()).count();
            heapWith = settledHeap();
            double perAgentKiB = (heapWith - heapBefore) / 1024.0 / agents;
            ResultTable table = new ResultTable.Builder("Scale: agents held by one hub replica, heartbeats every "
                    + HEARTBEAT.toSeconds() + " s (agents in a separate JVM)",
                    "AGENTS", "CONNECTED", "HEARD WITHIN 3 S", "ALL CONNECTED AFTER", "HUB HEAP BEFORE",
                    "WITH AGENTS", "PER AGENT")
                    .row(String.valueOf(agents), String.valueOf(connected), String.valueOf(fresh),
                            String.format(Locale.ROOT, "%.1f s", connectNanos / 1e9), mib(heapBefore), mib(heapWith),
                            String.format(Locale.ROOT, "%.1f KiB", perAgentKiB))
                    .build();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("agents", agents);
            figures.put("heartbeatSeconds", HEARTBEAT.toSeconds());
            figures.put("holdSeconds", hold.toSeconds());
            figures.put("connected", connected);
            figures.put("heardWithin3s", fresh);
            figures.put("connectSeconds", connectNanos / 1e9);
            figures.put("hubHeapBeforeBytes", heapBefore);
            figures.put("hubHeapWithAgentsBytes", heapWith);
            figures.put("hubHeapPerAgentKiB", perAgentKiB);
            return new ScenarioReport(name(), List.of(table), figures, List.of(
                    "Each agent enrolled with its own bootstrap token and holds one mutual-TLS stream; counted after "
                            + hold.toSeconds() + " s connected. Heap: used heap after a full GC in the hub's JVM"
                            + " (which also runs etcd's client and this benchmark, not the agents)."));
        }
    }

    /** Used heap after full collections (a few, so that what is unreachable is gone). */
    private static long settledHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            memory.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024));
    }
}

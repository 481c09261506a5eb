package io.egressfed.e2e.bench;

import io.egressfed.api.envelope.Ed25519PublicKey;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.e2e.bench.fleet.LightAgentFleet;
import io.egressfed.e2e.lab.demo.LabHub;
import io.egressfed.e2e.lab.demo.Poller;
import io.egressfed.hub.HubServer;
import io.egressfed.hub.compile.SigningKeys;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.link.Subscription;
import io.egressfed.hub.state.ConflictException;
import io.egressfed.hub.state.ResourceKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One intent change placed on N clusters: N lightweight agents (the real hub link with an in-memory
 * backend, verifying every signature) connected to the one hub; an ActivePassive intent selects all N,
 * so every cluster's config carries it (one active, the others standby). Each round updates the
 * intent's destinations through the hub's resource service and times, per cluster, the admin write to
 * the hub receiving that cluster's ACK of the new config.
 */
public final class PropagationScenario implements Scenario {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(3);

    private final LabHub lab;
    private final List<Integer> sizes;
    private final int rounds;
    private final FloorScenario floor;

    /**
     * @param lab the hub with real etcd
     * @param sizes the cluster counts to measure, e.g. 100 and 1000
     * @param rounds intent changes per size
     * @param floor the floor measured in the same run (run before this)
     */
    public PropagationScenario(LabHub lab, List<Integer> sizes, int rounds, FloorScenario floor) {
        this.lab = lab;
        this.sizes = List.copyOf(sizes);
        this.rounds = rounds;
        this.floor = floor;
    }

    @Override
    public String name() {
        return "propagation";
    }

    @Override
    public ScenarioReport run() throws Exception {
        double floorMillis = floor.floor().millis();
        ResultTable.Builder table = new ResultTable.Builder("Propagation: admin write of one intent change to every"
                + " cluster's ACK (hub with real etcd, lightweight agents)",
                "CLUSTERS", "CHANGES", "SAMPLES", "P50", "P95", "P99", "MAX", "P99 / FLOOR");
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            int size = sizes.get(i);
            Latencies latencies = measure(size, "198.19.255." + (16 * i) + "/28");
            double multiple = latencies.p99Millis() / floorMillis;
            String[] cells = latencies.cells();
            table.row(String.valueOf(size), String.valueOf(rounds), String.valueOf(latencies.count()), cells[0],
                    cells[1], cells[2], cells[3], String.format(Locale.ROOT, "%.0fx", multiple));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("clusters", size);
            entry.put("changes", rounds);
            entry.put("latency", latencies);
            entry.put("p99OverFloor", multiple);
            figures.put("n" + size, entry);
        }
        figures.put("floorMillis", floorMillis);
        notes.add("Floor " + Latencies.format(floorMillis) + " (etcd txn + gRPC round trip + Ed25519 sign/verify"
                + " medians). The coordinator debounces changes for 50 ms and pushes are debounced ~50 ms.");
        notes.add("Agents, hub and etcd share this machine's CPUs; every config is signed by the hub and verified"
                + " by each agent against its pinned key before the ACK.");
        return new ScenarioReport(name(), List.of(table.build()), figures, notes);
    }

    private Latencies measure(int size, String poolCidr) throws Exception {
        HubServer hub = lab.hub();
        String group = "p" + size;
        String pool = "bench-" + group;
        String intentName = "bench-propagation-" + group;
        hub.resources().create(ResourceKind.POOL, BenchResources.pool(pool, poolCidr), BenchResources.ACTOR)
                .get(30, TimeUnit.SECONDS);
        List<LightAgentFleet.Member> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String cluster = String.format(Locale.ROOT, "%s-%04d", group, i);
            hub.resources().create(ResourceKind.CLUSTER, BenchResources.cluster(cluster, Backend.BACKEND_KUBE_VIP,
                    group), BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
            members.add(new LightAgentFleet.Member(cluster,
                    hub.enrollmentTokens().create(cluster).get(30, TimeUnit.SECONDS).token()));
        }
        List<String> clusters = members.stream().map(LightAgentFleet.Member::cluster).toList();
        try (LightAgentFleet fleet = LightAgentFleet.start(target(lab, Duration.ofSeconds(1)), members,
                CONNECT_TIMEOUT);
             Poller poller = new Poller()) {
            hub.resources().create(ResourceKind.INTENT, BenchResources.intent(intentName, pool, group,
                    PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE, List.of(), "198.51.100.0/24"), BenchResources.ACTOR)
                    .get(30, TimeUnit.SECONDS);
            awaitConverged(poller, hub, clusters);
            List<Long> samples = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                samples.addAll(round(poller, hub, clusters, intentName, "198.51.100." + round + "/32"));
                awaitConverged(poller, hub, clusters);
            }
            return Latencies.ofNanos(samples);
        } finally {
            hub.resources().delete(ResourceKind.INTENT, intentName, "", BenchResources.ACTOR).exceptionally(e -> null)
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private List<Long> round(Poller poller, HubServer hub, List<String> clusters, String intentName,
            String destination) throws Exception {
        Map<String, Long> baseline = new HashMap<>();
        for (String cluster : clusters) {
            baseline.put(cluster, hub.liveStatus().status(cluster).map(LiveStatus::appliedVersion).orElse(0L));
        }
        AckRecorder acks = new AckRecorder(baseline);
        try (Subscription subscription = hub.liveStatus().addListener(acks)) {
            long written = updateDestination(hub, intentName, destination);
            poller.until("every cluster to ACK the change to " + destination, ROUND_TIMEOUT,
                    () -> acks.acked() == clusters.size() ? Optional.of(true) : Optional.empty(),
                    () -> acks.acked() + " of " + clusters.size() + " ACKed").get();
            return acks.ackedAtNanos().values().stream().map(at -> at - written).toList();
        }
    }

    /** Writes the change; returns the monotonic time just before the admin write was sent. */
    private static long updateDestination(HubServer hub, String intentName, String destination) throws Exception {
        for (int attempt = 0; ; attempt++) {
            EgressIntent current = hub.resources().get(ResourceKind.INTENT, intentName).get(30, TimeUnit.SECONDS)
                    .orElseThrow(() -> new IllegalStateException("intent " + intentName + " disappeared"));
            EgressIntent.Builder changed = current.toBuilder();
            changed.getSpecBuilder().getDestinationsBuilder().clearCidrs().addCidrs(destination);
            long started = System.nanoTime();
            try {
                hub.resources().update(ResourceKind.INTENT, changed.build(), BenchResources.ACTOR)
                        .get(30, TimeUnit.SECONDS);
                return started;
            } catch (ExecutionException e) {
                // The coordinator writes the intent's status too; a concurrent status write wins the CAS.
                if (!(e.getCause() instanceof ConflictException) || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Every cluster has ACKed the newest config the hub holds for it. */
    private static void awaitConverged(Poller poller, HubServer hub, List<String> clusters) throws Exception {
        poller.until("every cluster to apply its newest config", ROUND_TIMEOUT, () -> {
            long behind = clusters.stream().map(c -> hub.liveStatus().status(c).orElse(LiveStatus.unknown(c)))
                    .filter(s -> s.desiredVersion() == 0 || s.appliedVersion() < s.desiredVersion()).count();
            return behind == 0 ? Optional.of(true) : Optional.empty();
        }, () -> "").get();
    }

    /** How the lightweight agents reach and trust the benchmark hub. */
    static LightAgentFleet.Target target(LabHub lab, Duration heartbeat) throws IOException {
        List<Ed25519PublicKey> keys = SigningKeys.loadOrGenerate(lab.hub().settings().dataDir(), List.of())
                .publicKeys();
        return new LightAgentFleet.Target(lab.spokeLinkAddress(), lab.hub().caPin(), keys, heartbeat);
    }
}

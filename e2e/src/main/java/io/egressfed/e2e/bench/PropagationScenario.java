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
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * An intent change placed on N clusters: N lightweight agents (the real hub link with an in-memory
 * backend, verifying every signature) connected to the one hub, every cluster carrying a PerCluster
 * intent. One PerCluster intent may span at most {@value #CLUSTERS_PER_INTENT} clusters here (the hub caps
 * an intent at 30 addresses), so N clusters carry ceil(N/25) intents and a round changes the destinations
 * of all of them (one admin write each, sent back to back). Each round times, per cluster, the first
 * admin write to the hub receiving that cluster's ACK of the new config.
 */
public final class PropagationScenario implements Scenario {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Clusters per PerCluster intent: the hub refuses an intent holding more than
     * {@code StoreAllocator.MAX_ADDRESSES_PER_INTENT} (30) addresses, since deleting it must release them all in
     * one etcd transaction (128 operations).
     */
    static final int CLUSTERS_PER_INTENT = 25;
    private static final String SLICE_LABEL = "bench-slice";

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
            Latencies latencies = measure(size, poolCidr(i, size));
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
        hub.resources().create(ResourceKind.POOL, BenchResources.pool(pool, poolCidr), BenchResources.ACTOR)
                .get(30, TimeUnit.SECONDS);
        List<LightAgentFleet.Member> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String cluster = String.format(Locale.ROOT, "%s-%04d", group, i);
            Map<String, String> labels = Map.of(BenchResources.GROUP_LABEL, group, SLICE_LABEL, slice(group, i));
            hub.resources().create(ResourceKind.CLUSTER, BenchResources.cluster(cluster, Backend.BACKEND_KUBE_VIP,
                    labels), BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
            members.add(new LightAgentFleet.Member(cluster,
                    hub.enrollmentTokens().create(cluster).get(30, TimeUnit.SECONDS).token()));
        }
        List<String> clusters = members.stream().map(LightAgentFleet.Member::cluster).toList();
        List<String> intents = new ArrayList<>();
        try (LightAgentFleet fleet = LightAgentFleet.start(target(lab, Duration.ofSeconds(1)), members,
                CONNECT_TIMEOUT);
             Poller poller = new Poller()) {
            for (int first = 0; first < size; first += CLUSTERS_PER_INTENT) {
                String slice = slice(group, first);
                String intent = "bench-propagation-" + slice;
                hub.resources().create(ResourceKind.INTENT, BenchResources.intent(intent, pool,
                        Map.of(SLICE_LABEL, slice), PlacementMode.PLACEMENT_MODE_PER_CLUSTER, List.of(),
                        "198.51.100.0/24"), BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
                intents.add(intent);
            }
            awaitConverged(poller, hub, clusters);
            List<Long> samples = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                samples.addAll(round(poller, hub, clusters, intents, "198.51.100." + round + "/32"));
                awaitConverged(poller, hub, clusters);
            }
            return Latencies.ofNanos(samples);
        } finally {
            for (String intent : intents) {
                hub.resources().delete(ResourceKind.INTENT, intent, "", BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A pool of 198.19.0.0/16 large enough for {@code size} clusters, distinct per size (at most eight sizes). */
    private static String poolCidr(int index, int size) {
        int prefix = 32 - (int) Math.ceil(Math.log(size + 2) / Math.log(2));
        if (prefix < 21) {
            throw new IllegalArgumentException("propagation: at most 2046 clusters, got " + size);
        }
        return "198.19." + (8 * index) + ".0/" + prefix;
    }

    /** The slice (one intent's clusters) of cluster {@code index}. */
    private static String slice(String group, int index) {
        return String.format(Locale.ROOT, "%s-s%03d", group, index / CLUSTERS_PER_INTENT);
    }

    private List<Long> round(Poller poller, HubServer hub, List<String> clusters, List<String> intents,
            String destination) throws Exception {
        Map<String, Long> baseline = new HashMap<>();
        for (String cluster : clusters) {
            baseline.put(cluster, hub.liveStatus().status(cluster).map(LiveStatus::appliedVersion).orElse(0L));
        }
        AckRecorder acks = new AckRecorder(baseline);
        try (Subscription subscription = hub.liveStatus().addListener(acks)) {
            long written = System.nanoTime();
            // Back to back, not in parallel: the resource service serializes writes on one guard key, and
            // dozens of concurrent writers would exhaust its retries.
            for (String intent : intents) {
                updateDestination(hub, intent, destination);
            }
            poller.until("every cluster to ACK the change to " + destination, ROUND_TIMEOUT,
                    () -> acks.acked() == clusters.size() ? Optional.of(true) : Optional.empty(),
                    () -> acks.acked() + " of " + clusters.size() + " ACKed").get();
            return acks.ackedAtNanos().values().stream().map(at -> at - written).toList();
        }
    }

    /** Changes the intent's destinations through the resource service, as the admin API does. */
    private static void updateDestination(HubServer hub, String intentName, String destination) {
        for (int attempt = 0; ; attempt++) {
            EgressIntent current = hub.resources().get(ResourceKind.INTENT, intentName).join()
                    .orElseThrow(() -> new IllegalStateException("intent " + intentName + " disappeared"));
            EgressIntent.Builder changed = current.toBuilder();
            changed.getSpecBuilder().getDestinationsBuilder().clearCidrs().addCidrs(destination);
            try {
                hub.resources().update(ResourceKind.INTENT, changed.build(), BenchResources.ACTOR).join();
                return;
            } catch (CompletionException e) {
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

package io.egressfed.hub.compile;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.Destinations;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentSpec;
import io.egressfed.api.v1alpha1.GatewaySpec;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.MemberClusterSpec;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.api.v1alpha1.Placement;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A random but consistent compiler input (unique IPs, at most one IP per ActivePassive intent), with
 * dangling references to clusters and intents sprinkled in, and an independent model of where each
 * intent is placed.
 *
 * @param input the input
 * @param placedOn per intent, the member clusters that must hold an assignment of it
 */
record RandomWorld(CompileInput input, Map<String, Set<String>> placedOn) {

    private static final List<String> CIDRS = List.of(
            "203.0.113.0/24", "192.0.2.0/24", "198.18.0.0/15", "2001:db8:100::/48", "100.64.0.0/10", "10.0.0.0/8");
    private static final List<String> PORTS = List.of("443", "80", "8000-8080", "53");
    private static final List<String> LABEL_KEYS = List.of("app", "team", "tier", "env", "zone");
    private static final Backend[] BACKENDS = {Backend.BACKEND_CILIUM, Backend.BACKEND_KUBE_VIP,
        Backend.BACKEND_CILIUM_VIP};

    static RandomWorld generate(Random random) {
        List<String> clusterNames = new ArrayList<>();
        List<MemberCluster> clusters = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
            String name = "c" + i;
            clusterNames.add(name);
            clusters.add(MemberCluster.newBuilder()
                    .setMetadata(ObjectMeta.newBuilder().setName(name).putAllLabels(labels(random)))
                    .setSpec(MemberClusterSpec.newBuilder()
                            .setBackend(BACKENDS[random.nextInt(BACKENDS.length)])
                            .setGateway(GatewaySpec.newBuilder()
                                    .setNodeSelector(LabelSelector.newBuilder().putAllMatchLabels(labels(random)))))
                    .build());
        }
        List<EgressIntent> intents = new ArrayList<>();
        List<Allocation> allocations = new ArrayList<>();
        List<PlacementDecision> placements = new ArrayList<>();
        Map<String, Set<String>> placedOn = new HashMap<>();
        int[] nextIp = {1};
        for (int i = 0, n = random.nextInt(9); i < n; i++) {
            String name = "i" + i;
            boolean perCluster = random.nextBoolean();
            intents.add(intent(name, perCluster, random));
            Set<String> places = new TreeSet<>();
            placedOn.put(name, places);
            if (perCluster) {
                for (String cluster : clusterNames) {
                    if (random.nextInt(2) == 0) {
                        allocations.add(Fixtures.alloc(ip(nextIp[0]++), name, cluster));
                        places.add(cluster);
                    }
                }
                if (random.nextInt(6) == 0) {
                    allocations.add(Fixtures.alloc(ip(nextIp[0]++), name, "ghost-cluster"));
                }
                continue;
            }
            boolean allocated = random.nextInt(7) != 0;
            if (allocated) {
                allocations.add(Fixtures.shared(ip(nextIp[0]++), name));
            }
            if (random.nextInt(5) != 0) {
                List<String> others = new ArrayList<>(clusterNames);
                Collections.shuffle(others, random);
                String active = random.nextInt(10) == 0 ? "ghost-cluster" : others.remove(0);
                List<String> fenced = others.subList(0, random.nextInt(others.size() + 1));
                placements.add(Fixtures.decision(name, 1 + random.nextInt(100), List.of(active), fenced));
                if (allocated) {
                    places.addAll(fenced);
                    if (clusterNames.contains(active)) {
                        places.add(active);
                    }
                }
            }
        }
        if (random.nextInt(5) == 0) {
            allocations.add(Fixtures.alloc(ip(nextIp[0]++), "deleted-intent", clusterNames.get(0)));
            placements.add(Fixtures.decision("deleted-intent", 3, List.of(clusterNames.get(0)), List.of()));
        }
        List<ClusterInventory> inventories = new ArrayList<>();
        for (String cluster : clusterNames) {
            List<String> carried = allocations.stream().map(Allocation::getIp).filter(ip -> random.nextBoolean())
                    .toList();
            inventories.add(Fixtures.inventory(cluster, "node-" + cluster, carried.toArray(String[]::new)));
        }
        CompileInput input = CompileInput.builder()
                .clusters(clusters)
                .intents(intents)
                .pools(List.of(Fixtures.pool(Fixtures.POOL)))
                .allocations(allocations)
                .placements(placements)
                .inventories(inventories)
                .build();
        return new RandomWorld(input, placedOn);
    }

    /**
     * The same input with every list shuffled and every label map re-inserted in another order.
     *
     * @param random the shuffling randomness
     * @return an input that means exactly the same
     */
    CompileInput reordered(Random random) {
        return input.toBuilder()
                .clusters(shuffled(input.clusters().stream().map(cluster -> reorder(cluster, random)).toList(), random))
                .intents(shuffled(input.intents().stream().map(intent -> reorder(intent, random)).toList(), random))
                .pools(shuffled(input.pools(), random))
                .allocations(shuffled(input.allocations(), random))
                .placements(shuffled(input.placements(), random))
                .inventories(shuffled(input.inventories(), random))
                .build();
    }

    private static EgressIntent intent(String name, boolean perCluster, Random random) {
        Destinations.Builder destinations = Destinations.newBuilder();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            destinations.addCidrs(CIDRS.get(random.nextInt(CIDRS.size())));
        }
        for (int i = 0, n = random.nextInt(3); i < n; i++) {
            destinations.addExceptCidrs(CIDRS.get(random.nextInt(CIDRS.size())));
        }
        for (int i = 0, n = random.nextInt(3); i < n; i++) {
            destinations.addPorts(PORTS.get(random.nextInt(PORTS.size())));
        }
        return EgressIntent.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName(name))
                .setSpec(EgressIntentSpec.newBuilder()
                        .setWorkloads(WorkloadSelector.newBuilder()
                                .setNamespaceSelector(LabelSelector.newBuilder().putAllMatchLabels(labels(random)))
                                .setPodSelector(LabelSelector.newBuilder()
                                        .putMatchLabels("app", name)
                                        .putAllMatchLabels(labels(random))))
                        .setDestinations(destinations)
                        .setPlacement(Placement.newBuilder().setMode(perCluster
                                ? PlacementMode.PLACEMENT_MODE_PER_CLUSTER
                                : PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE)))
                .build();
    }

    private static Map<String, String> labels(Random random) {
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(LABEL_KEYS);
        Collections.shuffle(keys, random);
        for (String key : keys.subList(0, random.nextInt(keys.size()))) {
            labels.put(key, "v" + random.nextInt(3));
        }
        return labels;
    }

    private static String ip(int n) {
        return n % 2 == 0
                ? "198.51." + (100 + n / 256) + "." + n % 256
                : "2001:db8::" + Integer.toHexString(n);
    }

    private static MemberCluster reorder(MemberCluster cluster, Random random) {
        MemberCluster.Builder builder = cluster.toBuilder();
        builder.getMetadataBuilder().clearLabels().putAllLabels(shuffledMap(cluster.getMetadata().getLabelsMap(), random));
        builder.getSpecBuilder().getGatewayBuilder()
                .setNodeSelector(reorder(cluster.getSpec().getGateway().getNodeSelector(), random));
        return builder.build();
    }

    private static EgressIntent reorder(EgressIntent intent, Random random) {
        EgressIntent.Builder builder = intent.toBuilder();
        WorkloadSelector workloads = intent.getSpec().getWorkloads();
        builder.getSpecBuilder().getWorkloadsBuilder()
                .setNamespaceSelector(reorder(workloads.getNamespaceSelector(), random))
                .setPodSelector(reorder(workloads.getPodSelector(), random));
        Destinations destinations = intent.getSpec().getDestinations();
        builder.getSpecBuilder().setDestinations(Destinations.newBuilder()
                .addAllCidrs(shuffled(destinations.getCidrsList(), random))
                .addAllExceptCidrs(shuffled(destinations.getExceptCidrsList(), random))
                .addAllPorts(shuffled(destinations.getPortsList(), random)));
        return builder.build();
    }

    private static LabelSelector reorder(LabelSelector selector, Random random) {
        return selector.toBuilder().clearMatchLabels()
                .putAllMatchLabels(shuffledMap(selector.getMatchLabelsMap(), random))
                .build();
    }

    private static Map<String, String> shuffledMap(Map<String, String> map, Random random) {
        Map<String, String> shuffled = new LinkedHashMap<>();
        shuffled(new ArrayList<>(map.keySet()), random).forEach(key -> shuffled.put(key, map.get(key)));
        return shuffled;
    }

    private static <T> List<T> shuffled(List<T> list, Random random) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, random);
        return copy;
    }
}

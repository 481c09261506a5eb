package io.egressfed.e2e.bench;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.AssignmentStatus;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.hub.audit.StoreAuditLog;
import io.egressfed.hub.ipam.AllocationResult;
import io.egressfed.hub.ipam.StoreAllocator;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.ResourceService;
import io.egressfed.hub.state.RetriesExhaustedException;
import io.egressfed.hub.state.StoreResourceService;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.EtcdStore;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.validate.Validator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The IPAM race: three hub store instances (each its own etcd client, resource service and allocator)
 * reconcile the same intents at the same time, each in its own order, against one pool that is smaller
 * than the demand. Measured: allocations committed per second, transaction conflicts, and duplicates
 * (an address held by two intents, or allocated twice in the audit log), which must be 0.
 */
public final class IpamRaceScenario implements Scenario {

    private static final int REPLICAS = 3;
    private static final Codec<Allocation> ALLOCATIONS = Codec.of(Allocation.getDefaultInstance());

    private final List<String> etcdEndpoints;
    private final int intents;
    private final int poolPrefix;

    /**
     * @param etcdEndpoints the etcd the three instances share (a fresh key prefix is used)
     * @param intents how many ActivePassive intents (one address each) race
     * @param poolPrefix the pool's prefix length (a pool of {@code 2^(32-prefix)} addresses)
     */
    public IpamRaceScenario(List<String> etcdEndpoints, int intents, int poolPrefix) {
        this.etcdEndpoints = List.copyOf(etcdEndpoints);
        this.intents = intents;
        this.poolPrefix = poolPrefix;
    }

    @Override
    public String name() {
        return "ipam";
    }

    @Override
    public ScenarioReport run() throws Exception {
        Keys keys = new Keys("/bench-ipam-" + UUID.randomUUID() + "/");
        Clock clock = Clock.systemUTC();
        List<Store> stores = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(REPLICAS);
        try {
            List<StoreAllocator> allocators = new ArrayList<>();
            List<ResourceService> services = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                Store store = EtcdStore.connect(etcdEndpoints);
                stores.add(store);
                StoreAuditLog audit = new StoreAuditLog(store, keys, clock);
                services.add(new StoreResourceService(store, keys, audit, Validator.create(), clock));
                allocators.add(new StoreAllocator(store, keys, audit, clock));
            }
            ResourceService admin = services.get(0);
            String cidr = "198.18.128.0/" + poolPrefix;
            admin.create(ResourceKind.POOL, BenchResources.pool("race", cidr), BenchResources.ACTOR).join();
            admin.create(ResourceKind.CLUSTER, BenchResources.cluster("race-dc", Backend.BACKEND_KUBE_VIP, "race"),
                    BenchResources.ACTOR).join();
            List<String> names = IntStream.range(0, intents)
                    .mapToObj(i -> String.format(Locale.ROOT, "race-%04d", i)).toList();
            for (String name : names) {
                // One at a time: creating intents is setup, not the race being measured.
                admin.create(ResourceKind.INTENT, BenchResources.intent(name, "race",
                        Map.of(BenchResources.GROUP_LABEL, "race"), PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE,
                        List.of(), "203.0.113.0/24"), BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
            }

            AtomicLong failures = new AtomicLong();
            AtomicLong exhausted = new AtomicLong();
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            long started = System.nanoTime();
            for (int r = 0; r < REPLICAS; r++) {
                StoreAllocator allocator = allocators.get(r);
                List<String> order = new ArrayList<>(names);
                Collections.shuffle(order, new Random(r));
                runs.add(CompletableFuture.runAsync(() -> {
                    for (String name : order) {
                        try {
                            AllocationResult result = allocator.reconcile(name, "replica").join();
                            if (!result.isAllocated()) {
                                failures.incrementAndGet();
                            }
                        } catch (CompletionException e) {
                            if (!(e.getCause() instanceof RetriesExhaustedException)) {
                                throw e;
                            }
                            // The other instances kept winning: the allocation stays theirs to make.
                            exhausted.incrementAndGet();
                        }
                    }
                }, workers));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            long tookNanos = System.nanoTime() - started;

            List<KeyValue> stored = stores.get(0).list(keys.allocs()).get(30, TimeUnit.SECONDS).items();
            Map<String, List<String>> intentsByIp = new HashMap<>();
            for (EgressIntent intent : admin.list(ResourceKind.INTENT).get(30, TimeUnit.SECONDS)) {
                for (AssignmentStatus assignment : intent.getStatus().getAssignmentsList()) {
                    if (!assignment.getIp().isEmpty()) {
                        intentsByIp.computeIfAbsent(assignment.getIp(), ip -> new ArrayList<>())
                                .add(intent.getMetadata().getName());
                    }
                }
            }
            long heldTwice = intentsByIp.values().stream().filter(holders -> holders.stream().distinct().count() > 1)
                    .count();
            long allocationsStored = stored.size();
            long distinctIntents = stored.stream().map(kv -> ALLOCATIONS.decode(kv).value().getIntent()).distinct()
                    .count();
            long duplicates = heldTwice + (allocationsStored - distinctIntents);
            int poolSize = 1 << (32 - poolPrefix);
            double perSecond = allocationsStored / (tookNanos / 1e9);

            ResultTable table = new ResultTable.Builder("IPAM race: " + REPLICAS + " hub store instances, one etcd, "
                    + intents + " intents, pool " + cidr + " (" + poolSize + " addresses)",
                    "ALLOCATED", "REFUSED (POOL EXHAUSTED)", "GAVE UP (CONFLICTS)", "TIME", "ALLOCATIONS/S",
                    "DUPLICATES")
                    .row(String.valueOf(allocationsStored), String.valueOf(failures.get()),
                            String.valueOf(exhausted.get()),
                            String.format(Locale.ROOT, "%.2f s", tookNanos / 1e9),
                            String.format(Locale.ROOT, "%.0f", perSecond), String.valueOf(duplicates))
                    .build();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("replicas", REPLICAS);
            figures.put("intents", intents);
            figures.put("poolAddresses", poolSize);
            figures.put("allocated", allocationsStored);
            figures.put("reconcilesRefused", failures.get());
            figures.put("reconcilesGaveUp", exhausted.get());
            figures.put("seconds", tookNanos / 1e9);
            figures.put("allocationsPerSecond", perSecond);
            figures.put("duplicates", duplicates);
            if (duplicates != 0) {
                throw new IllegalStateException("IPAM race: " + duplicates + " duplicate allocation(s); " + intentsByIp);
            }
            return new ScenarioReport(name(), List.of(table), figures, List.of(
                    "Each instance reconciles every intent once, in its own order; REFUSED counts reconciles that"
                            + " found the pool exhausted (" + REPLICAS + " per intent left without an address); GAVE UP"
                            + " counts reconciles that lost every conflict retry to the other instances.",
                    "DUPLICATES: addresses held by two intents, or stored allocations beyond one per intent;"
                            + " must be 0."));
        } finally {
            workers.shutdownNow();
            stores.forEach(Store::close);
        }
    }
}

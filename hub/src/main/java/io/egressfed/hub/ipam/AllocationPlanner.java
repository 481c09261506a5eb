package io.egressfed.hub.ipam;

import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.hub.ipam.AllocationProblem.Reason;
import io.egressfed.hub.net.AddressFormatException;
import io.egressfed.hub.net.InvalidSelectorException;
import io.egressfed.hub.net.IpAddress;
import io.egressfed.hub.net.IpSet;
import io.egressfed.hub.net.Selector;
import io.egressfed.hub.state.Snapshot;
import io.egressfed.hub.store.TypedKeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Computes what a reconcile does (see the package documentation for the rules). Pure: it reads the
 * intent and the snapshot, and returns a {@link Plan}; one instance per plan.
 */
final class AllocationPlanner {

    private final EgressIntent intent;
    private final Snapshot snapshot;
    private final Timestamp now;
    private final PoolAddresses pool;
    private final Optional<IpAddress> pinned;
    /** Addresses nobody may claim: every stored allocation (released ones too: a key is written once per txn). */
    private final Map<IpAddress, String> holders = new HashMap<>();
    private final List<TypedKeyValue<Allocation>> kept = new ArrayList<>();
    private final List<Allocation> claims = new ArrayList<>();
    private final List<Plan.Release> releases = new ArrayList<>();
    private final List<AllocationProblem> problems = new ArrayList<>();
    private final SortedSet<String> inventoryClusters = new TreeSet<>();

    private AllocationPlanner(EgressIntent intent, Snapshot snapshot, Timestamp now, PoolAddresses pool,
                              Optional<IpAddress> pinned) {
        this.intent = intent;
        this.snapshot = snapshot;
        this.now = now;
        this.pool = pool;
        this.pinned = pinned;
        for (TypedKeyValue<Allocation> allocation : snapshot.allocations().values()) {
            holders.put(IpAddress.parse(allocation.value().getIp()), allocation.value().getIntent());
        }
    }

    /**
     * Plans the reconcile of a stored intent.
     *
     * @param intent the intent as stored
     * @param snapshot everything stored
     * @param now the time new allocations are stamped with
     * @return the plan
     */
    static Plan plan(EgressIntent intent, Snapshot snapshot, Timestamp now) {
        List<TypedKeyValue<Allocation>> own = snapshot.allocations().values().stream()
                .filter(allocation -> allocation.value().getIntent().equals(intent.getMetadata().getName()))
                .sorted(Comparator.comparing(TypedKeyValue::value, Plan.BY_CLUSTER_THEN_IP))
                .toList();
        String poolName = intent.getSpec().getEgressIp().getPool();
        Optional<PoolAddresses> pool = Optional.ofNullable(snapshot.pools().get(poolName))
                .flatMap(stored -> PoolAddresses.of(stored.value()));
        Optional<Selector> placement = selector(intent);
        PlacementMode mode = intent.getSpec().getPlacement().getMode();
        boolean knownMode = mode == PlacementMode.PLACEMENT_MODE_PER_CLUSTER || mode == PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE;
        if (pool.isEmpty() || placement.isEmpty() || !knownMode) {
            // Keep what is held: an unusable spec is a reason to report, not to move addresses.
            AllocationProblem problem = pool.isEmpty()
                    ? new AllocationProblem(Reason.POOL_UNAVAILABLE, "", "pool " + poolName + " does not exist or cannot be parsed")
                    : new AllocationProblem(Reason.INVALID_PLACEMENT, "", "spec.placement has no usable mode and clusterSelector");
            return new Plan(own, List.of(), List.of(), List.of(problem), new TreeSet<>());
        }
        Optional<IpAddress> pinned;
        String pinnedText = intent.getSpec().getEgressIp().getAddress();
        try {
            pinned = pinnedText.isEmpty() ? Optional.empty() : Optional.of(IpAddress.parse(pinnedText));
        } catch (AddressFormatException invalid) {
            return new Plan(own, List.of(), List.of(), List.of(new AllocationProblem(Reason.PINNED_ADDRESS_UNAVAILABLE, "",
                    "pinned address \"" + pinnedText + "\" is not an address: " + invalid.getMessage())), new TreeSet<>());
        }
        AllocationPlanner planner = new AllocationPlanner(intent, snapshot, now, pool.get(), pinned);
        List<MemberCluster> selected = snapshot.clusters().values().stream()
                .map(TypedKeyValue::value)
                .filter(cluster -> placement.get().matches(cluster.getMetadata().getLabelsMap()))
                .toList();
        if (mode == PlacementMode.PLACEMENT_MODE_PER_CLUSTER) {
            planner.perCluster(own, selected);
        } else {
            planner.activePassive(own, selected);
        }
        return new Plan(planner.kept, planner.claims, planner.releases, planner.problems, planner.inventoryClusters);
    }

    private void perCluster(List<TypedKeyValue<Allocation>> own, List<MemberCluster> selected) {
        List<MemberCluster> routable = selected.stream().filter(pool::isRoutableIn).toList();
        Map<String, TypedKeyValue<Allocation>> keptByCluster = new HashMap<>();
        for (TypedKeyValue<Allocation> allocation : own) {
            String cluster = allocation.value().getCluster();
            Optional<String> unwanted = unwantedBecause(allocation.value())
                    .or(() -> cluster.isEmpty() ? Optional.of("placement mode changed to PerCluster") : Optional.empty())
                    .or(() -> clusterUnwantedBecause(cluster, selected, routable))
                    .or(() -> keptByCluster.containsKey(cluster)
                            ? Optional.of("cluster " + cluster + " already holds another address of this intent")
                            : Optional.empty());
            unwanted.ifPresentOrElse(reason -> releases.add(new Plan.Release(allocation, reason)), () -> {
                keptByCluster.put(cluster, allocation);
                kept.add(allocation);
            });
        }
        if (selected.isEmpty()) {
            problems.add(new AllocationProblem(Reason.NO_CLUSTER_SELECTED, "",
                    "spec.placement.clusterSelector selects no member cluster"));
            return;
        }
        if (routable.isEmpty()) {
            problems.add(new AllocationProblem(Reason.NOT_ROUTABLE, "", "pool " + pool.name()
                    + " is not routable in any selected cluster (" + names(selected) + "); pool clusterSelector: "
                    + pool.describeSelector()));
            return;
        }
        if (pinned.isPresent() && routable.size() > 1) {
            problems.add(new AllocationProblem(Reason.PINNED_ADDRESS_CONFLICT, "", "pinned address " + pinned.get()
                    + " cannot serve " + routable.size() + " clusters (" + names(routable)
                    + "): a PerCluster intent needs one address per cluster"));
            return;
        }
        for (MemberCluster cluster : routable) {
            String name = cluster.getMetadata().getName();
            if (!keptByCluster.containsKey(name)) {
                claimFor(name, List.of(cluster), "cluster " + name);
            }
        }
    }

    private void activePassive(List<TypedKeyValue<Allocation>> own, List<MemberCluster> selected) {
        for (TypedKeyValue<Allocation> allocation : own) {
            Optional<String> unwanted = unwantedBecause(allocation.value())
                    .or(() -> allocation.value().getCluster().isEmpty() ? Optional.empty()
                            : Optional.of("placement mode changed to ActivePassive"))
                    .or(() -> kept.isEmpty() ? Optional.empty()
                            : Optional.of("an ActivePassive intent holds one address"));
            unwanted.ifPresentOrElse(reason -> releases.add(new Plan.Release(allocation, reason)), () -> kept.add(allocation));
        }
        if (kept.isEmpty()) {
            List<MemberCluster> cilium = selected.stream()
                    .filter(pool::isRoutableIn)
                    .filter(cluster -> cluster.getSpec().getBackend() == Backend.BACKEND_CILIUM)
                    .toList();
            claimFor("", cilium, cilium.size() == 1 ? "cluster " + names(cilium)
                    : "every cilium candidate cluster (" + names(cilium) + ")");
        }
    }

    /** Why an allocation is unwanted whatever the mode: another pool, or another pinned address. */
    private Optional<String> unwantedBecause(Allocation allocation) {
        if (!allocation.getPool().equals(pool.name())) {
            return Optional.of("intent moved to pool " + pool.name());
        }
        if (pinned.isPresent() && !IpAddress.parse(allocation.getIp()).equals(pinned.get())) {
            return Optional.of("pinned address changed to " + pinned.get());
        }
        return Optional.empty();
    }

    private Optional<String> clusterUnwantedBecause(String cluster, List<MemberCluster> selected,
                                                    List<MemberCluster> routable) {
        if (!snapshot.clusters().containsKey(cluster)) {
            return Optional.of("cluster " + cluster + " was deleted");
        }
        if (selected.stream().noneMatch(c -> c.getMetadata().getName().equals(cluster))) {
            return Optional.of("cluster " + cluster + " is no longer selected by spec.placement.clusterSelector");
        }
        if (routable.stream().noneMatch(c -> c.getMetadata().getName().equals(cluster))) {
            return Optional.of("pool " + pool.name() + " is no longer routable in cluster " + cluster);
        }
        return Optional.empty();
    }

    /**
     * Claims one address for {@code allocationCluster} ("" for ActivePassive) that the gateway nodes
     * of every cilium cluster in {@code carriers} carry.
     */
    private void claimFor(String allocationCluster, List<MemberCluster> carriers, String where) {
        IpSet eligible = pool.allocatable();
        for (MemberCluster carrier : carriers) {
            if (carrier.getSpec().getBackend() != Backend.BACKEND_CILIUM) {
                continue;
            }
            String name = carrier.getMetadata().getName();
            TypedKeyValue<ClusterInventory> inventory = snapshot.inventories().get(name);
            if (inventory == null) {
                problems.add(new AllocationProblem(Reason.NOT_IN_INVENTORY, allocationCluster, "cluster " + name
                        + " (cilium) has reported no gateway inventory yet; it can only use an address of pool "
                        + pool.name() + " that its gateway nodes carry"));
                return;
            }
            eligible = intersection(eligible, carried(inventory.value()));
            inventoryClusters.add(name);
        }
        Optional<IpAddress> choice = pinned.isPresent() ? pinnedChoice(eligible, allocationCluster, where)
                : freeChoice(eligible, allocationCluster, where);
        choice.ifPresent(address -> {
            claims.add(Allocation.newBuilder()
                    .setIp(address.toString())
                    .setPool(pool.name())
                    .setIntent(intent.getMetadata().getName())
                    .setCluster(allocationCluster)
                    .setAllocatedAt(now)
                    .build());
            holders.put(address, intent.getMetadata().getName());
        });
    }

    private Optional<IpAddress> pinnedChoice(IpSet eligible, String allocationCluster, String where) {
        IpAddress address = pinned.orElseThrow();
        String problem = null;
        if (!pool.allocatable().contains(address)) {
            problem = "pinned address " + address + " is not an allocatable address of pool " + pool.name();
        } else if (holders.containsKey(address)) {
            problem = "pinned address " + address + " is allocated to intent " + holders.get(address);
        }
        if (problem != null) {
            problems.add(new AllocationProblem(Reason.PINNED_ADDRESS_UNAVAILABLE, allocationCluster, problem));
            return Optional.empty();
        }
        if (!eligible.contains(address)) {
            problems.add(new AllocationProblem(Reason.NOT_IN_INVENTORY, allocationCluster, "pinned address " + address
                    + " is not present on a gateway node of " + where));
            return Optional.empty();
        }
        return Optional.of(address);
    }

    private Optional<IpAddress> freeChoice(IpSet eligible, String allocationCluster, String where) {
        Optional<IpAddress> lowest = eligible.lowestNotIn(holders.keySet());
        if (lowest.isPresent()) {
            return lowest;
        }
        if (pool.allocatable().lowestNotIn(holders.keySet()).isEmpty()) {
            problems.add(new AllocationProblem(Reason.POOL_EXHAUSTED, allocationCluster,
                    pool.exhaustedMessage(holders.keySet())));
        } else {
            problems.add(new AllocationProblem(Reason.NOT_IN_INVENTORY, allocationCluster, "no free address of pool "
                    + pool.name() + " is present on a gateway node of " + where + " (present and in the pool: "
                    + eligible.size() + ", all allocated)"));
        }
        return Optional.empty();
    }

    /** The addresses of the pool's family that a cluster's gateway nodes carry. */
    private IpSet carried(ClusterInventory inventory) {
        List<IpAddress> addresses = new ArrayList<>();
        for (GatewayInventory gateway : inventory.getGatewaysList()) {
            for (String text : gateway.getAddressesList()) {
                parseOrEmpty(text)
                        .filter(address -> pool.allocatable().family().filter(address.family()::equals).isPresent())
                        .ifPresent(addresses::add);
            }
        }
        return IpSet.ofAddresses(addresses);
    }

    /** Reports are canonicalized on write, so an unreadable entry is one an older hub stored: it carries nothing. */
    private static Optional<IpAddress> parseOrEmpty(String text) {
        try {
            return Optional.of(IpAddress.parse(text));
        } catch (AddressFormatException invalid) {
            return Optional.empty();
        }
    }

    private static IpSet intersection(IpSet a, IpSet b) {
        return a.minus(a.minus(b));
    }

    private static Optional<Selector> selector(EgressIntent intent) {
        try {
            return Optional.of(Selector.fromProto(intent.getSpec().getPlacement().getClusterSelector()));
        } catch (InvalidSelectorException invalid) {
            return Optional.empty();
        }
    }

    private static String names(List<MemberCluster> clusters) {
        return clusters.stream().map(cluster -> cluster.getMetadata().getName()).collect(Collectors.joining(", "));
    }
}

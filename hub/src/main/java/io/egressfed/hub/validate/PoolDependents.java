package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.hub.net.AddressFormatException;
import io.egressfed.hub.net.IpAddress;
import io.egressfed.hub.net.IpFamily;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rules between a pool and what uses it: stored allocations, intents that name it, and the clusters
 * where those intents may run. They decide whether a pool may change shape or be deleted.
 */
final class PoolDependents {
    /** Longest list of addresses quoted in one message; the rest is counted. */
    private static final int QUOTED_ADDRESSES = 10;

    /** An address held by an intent, whether allocated or pinned. */
    private record Use(String intent, IpAddress address) {
    }

    private PoolDependents() {
    }

    /** Checks that the new shape of a pool keeps every address in use and every user satisfied. */
    static void check(PoolShape shape, World world, Errors errors) {
        List<IntentView> users = users(shape.name(), world);
        checkAddressesInUse(shape, users, world, errors);
        for (IntentView user : users) {
            for (IpFamily family : user.destinationFamilies()) {
                if (family != shape.family()) {
                    errors.add("spec.cidrs", "intent \"" + user.name() + "\" uses this pool and sends to " + family
                            + " destinations; the pool cannot become " + shape.family());
                }
            }
            if (!user.isActivePassive()) {
                continue;
            }
            List<String> unroutable = world.clusters().values().stream()
                    .filter(cluster -> user.selects(cluster) && !shape.isRoutableIn(cluster))
                    .map(cluster -> "\"" + cluster.getMetadata().getName() + "\"")
                    .toList();
            if (!unroutable.isEmpty()) {
                errors.add("spec.clusterSelector", "pool would not be routable in "
                        + (unroutable.size() == 1 ? "cluster " : "clusters ") + String.join(", ", unroutable)
                        + ", candidates of ActivePassive intent \"" + user.name() + "\"");
            }
        }
    }

    /** Checks that nothing uses the pool any more, so that it may be deleted. */
    static void checkDeletion(String name, World world, Errors errors) {
        Map<String, List<String>> addressesByIntent = new TreeMap<>();
        for (IntentView user : users(name, world)) {
            addressesByIntent.put(user.name(), new ArrayList<>());
        }
        for (Allocation allocation : world.allocations()) {
            if (allocation.getPool().equals(name)) {
                addressesByIntent.computeIfAbsent(allocation.getIntent(), intent -> new ArrayList<>()).add(allocation.getIp());
            }
        }
        addressesByIntent.forEach((intent, addresses) -> errors.add("", "intent \"" + intent + "\" still uses this pool"
                + (addresses.isEmpty() ? "" : " (allocated: " + quote(addresses) + ")")
                + "; delete the intent or move it to another pool first"));
    }

    private static void checkAddressesInUse(PoolShape shape, List<IntentView> users, World world, Errors errors) {
        Map<String, List<String>> strandedByField = new LinkedHashMap<>();
        Set<Use> allocated = new HashSet<>();
        for (Allocation allocation : world.allocations()) {
            if (!allocation.getPool().equals(shape.name())) {
                continue;
            }
            Optional<IpAddress> address = parse(allocation.getIp());
            address.ifPresent(a -> allocated.add(new Use(allocation.getIntent(), a)));
            if (address.isPresent() && !shape.allocatable().contains(address.get())) {
                String holder = allocation.getCluster().isEmpty()
                        ? "intent \"" + allocation.getIntent() + "\""
                        : "intent \"" + allocation.getIntent() + "\" in cluster \"" + allocation.getCluster() + "\"";
                strandedByField.computeIfAbsent(fieldOf(shape, address.get()), f -> new ArrayList<>())
                        .add(address.get() + " (allocated to " + holder + ")");
            }
        }
        for (IntentView user : users) {
            Optional<IpAddress> pinned = user.pinnedAddress();
            boolean alreadyListed = pinned.isPresent() && allocated.contains(new Use(user.name(), pinned.get()));
            if (pinned.isPresent() && !alreadyListed && !shape.allocatable().contains(pinned.get())) {
                strandedByField.computeIfAbsent(fieldOf(shape, pinned.get()), f -> new ArrayList<>())
                        .add(pinned.get() + " (pinned by intent \"" + user.name() + "\")");
            }
        }
        strandedByField.forEach((field, stranded) -> errors.add(field,
                "would remove addresses still in use: " + quote(stranded) + "; release them first"));
    }

    /** Names the part of the new shape that drops the address: an exclude entry, or the cidrs. */
    private static String fieldOf(PoolShape shape, IpAddress address) {
        if (!shape.withinCidrs(address)) {
            return "spec.cidrs";
        }
        return shape.excludeIndexOf(address).stream().mapToObj(i -> "spec.exclude[" + i + "]").findFirst().orElse("spec");
    }

    private static List<IntentView> users(String pool, World world) {
        return world.intents().values().stream()
                .filter(intent -> intent.getSpec().getEgressIp().getPool().equals(pool))
                .map(IntentView::of)
                .toList();
    }

    private static Optional<IpAddress> parse(String text) {
        try {
            return Optional.of(IpAddress.parse(text));
        } catch (AddressFormatException invalid) {
            return Optional.empty();
        }
    }

    private static String quote(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(items.size(), QUOTED_ADDRESSES)));
        return items.size() > QUOTED_ADDRESSES ? shown + " and " + (items.size() - QUOTED_ADDRESSES) + " more" : shown;
    }
}

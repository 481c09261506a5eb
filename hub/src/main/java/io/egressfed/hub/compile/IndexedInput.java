package io.egressfed.hub.compile;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.hub.compile.CompileWarning.Kind;
import io.egressfed.hub.store.Keys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A {@link CompileInput} keyed by name, with every cross-reference that does not depend on an
 * intent's placement mode already checked: malformed, conflicting and dangling allocations and
 * decisions are dropped here with a warning. Everything is held in sorted maps, so iterating it
 * never depends on input order.
 */
final class IndexedInput {

    final SortedMap<String, MemberCluster> clusters;
    final SortedMap<String, EgressIntent> intents;
    /** Per intent, its allocations sorted by (canonical) IP. */
    final SortedMap<String, List<Allocation>> allocationsByIntent = new TreeMap<>();
    final SortedMap<String, PlacementDecision> placementByIntent = new TreeMap<>();
    /** Per cluster, the canonical addresses its gateway nodes carry. */
    final Map<String, Set<String>> gatewayAddresses = new HashMap<>();

    private final List<CompileWarning> warnings;

    IndexedInput(CompileInput input, List<CompileWarning> warnings) {
        this.warnings = warnings;
        this.clusters = uniqueByName(input.clusters(), "clusters", MemberCluster::getMetadata);
        this.intents = uniqueByName(input.intents(), "intents", EgressIntent::getMetadata);
        Set<String> pools = uniqueByName(input.pools(), "pools", EgressIPPool::getMetadata).keySet();
        indexAllocations(input.allocations(), pools);
        indexPlacements(input.placements());
        indexInventories(input.inventories());
    }

    private void warn(Kind kind, String subject, String message) {
        warnings.add(new CompileWarning(kind, subject, message));
    }

    /**
     * Names are the objects' identity (their store key), so a duplicate means the input was not
     * read from one consistent snapshot: refuse it rather than pick one of the two by list order.
     */
    private static <T extends Message> SortedMap<String, T> uniqueByName(
            List<T> objects, String field, Function<T, ObjectMeta> metadata) {
        SortedMap<String, T> byName = new TreeMap<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            String name = metadata.apply(objects.get(i)).getName();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(field + "[" + i + "].metadata.name: must not be empty");
            }
            Integer earlier = firstIndex.putIfAbsent(name, i);
            if (earlier != null) {
                throw new IllegalArgumentException(field + "[" + i + "].metadata.name: '" + name
                        + "' is also the name of " + field + "[" + earlier + "]; names must be unique");
            }
            byName.put(name, objects.get(i));
        }
        return byName;
    }

    private void indexAllocations(List<Allocation> allocations, Set<String> pools) {
        SortedMap<String, Set<Allocation>> claimsByIp = new TreeMap<>();
        for (Allocation allocation : allocations) {
            String subject = "alloc/" + allocation.getIp();
            Optional<String> canonical = canonicalIp(allocation.getIp());
            if (canonical.isEmpty()) {
                warn(Kind.INVALID, subject, "ip: '" + allocation.getIp() + "' is not an IP address; skipped");
                continue;
            }
            String ip = canonical.get();
            if (allocation.getIntent().isEmpty()) {
                warn(Kind.INVALID, "alloc/" + ip, "intent: must not be empty; skipped");
                continue;
            }
            // Identical copies of one allocation are one claim; only different claims conflict.
            claimsByIp.computeIfAbsent(ip, key -> new LinkedHashSet<>())
                    .add(allocation.toBuilder().setIp(ip).build());
        }
        claimsByIp.forEach((ip, claims) -> {
            if (claims.size() > 1) {
                Set<String> claimants = new TreeSet<>();
                claims.forEach(claim -> claimants.add("intent '" + claim.getIntent() + "' cluster '"
                        + claim.getCluster() + "' pool '" + claim.getPool() + "'"));
                warn(Kind.CONFLICTING_ALLOCATION, "alloc/" + ip, claims.size()
                        + " different allocations claim this IP " + claimants + "; none is compiled");
                return;
            }
            Allocation allocation = claims.iterator().next();
            if (!intents.containsKey(allocation.getIntent())) {
                warn(Kind.UNKNOWN_INTENT, "alloc/" + ip,
                        "intent: '" + allocation.getIntent() + "' does not exist; skipped");
                return;
            }
            if (!pools.contains(allocation.getPool())) {
                warn(Kind.UNKNOWN_POOL, "alloc/" + ip,
                        "pool: '" + allocation.getPool() + "' does not exist; compiled anyway");
            }
            allocationsByIntent.computeIfAbsent(allocation.getIntent(), key -> new ArrayList<>()).add(allocation);
        });
    }

    /** The address in the one spelling the store keys allocations by, so that two spellings cannot hide a conflict. */
    private static Optional<String> canonicalIp(String ip) {
        try {
            return Optional.of(Keys.canonicalIp(ip));
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    private void indexPlacements(List<PlacementDecision> placements) {
        SortedMap<String, Set<PlacementDecision>> decisionsByIntent = new TreeMap<>();
        for (PlacementDecision decision : placements) {
            if (decision.getIntent().isEmpty()) {
                warn(Kind.INVALID, "placement/", "intent: must not be empty; skipped");
                continue;
            }
            decisionsByIntent.computeIfAbsent(decision.getIntent(), key -> new LinkedHashSet<>()).add(decision);
        }
        decisionsByIntent.forEach((intent, decisions) -> {
            String subject = "placement/" + intent;
            if (decisions.size() > 1) {
                Set<Long> epochs = new TreeSet<>();
                decisions.forEach(decision -> epochs.add(decision.getEpoch()));
                warn(Kind.CONFLICTING_PLACEMENT, subject, decisions.size()
                        + " different decisions (epochs " + epochs + "); none is compiled");
            } else if (!intents.containsKey(intent)) {
                warn(Kind.UNKNOWN_INTENT, subject, "intent: '" + intent + "' does not exist; skipped");
            } else {
                placementByIntent.put(intent, decisions.iterator().next());
            }
        });
    }

    private void indexInventories(List<ClusterInventory> inventories) {
        for (ClusterInventory inventory : inventories) {
            Set<String> addresses = gatewayAddresses.computeIfAbsent(inventory.getCluster(), key -> new TreeSet<>());
            // The inventory only informs a warning; an address the agent misreported matches nothing.
            inventory.getGatewaysList().forEach(gateway -> gateway.getAddressesList()
                    .forEach(address -> canonicalIp(address).ifPresent(addresses::add)));
        }
    }
}

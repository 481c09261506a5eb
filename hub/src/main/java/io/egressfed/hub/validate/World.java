package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An immutable snapshot of what is stored, against which a candidate is checked. Maps are keyed by
 * {@code metadata.name} and iterate in name order, so error messages do not depend on hash order.
 * When the candidate replaces an object of the same name, the stored version may be present here; the
 * validator then treats the candidate as the new version of that object.
 *
 * @param pools       stored pools by name
 * @param clusters    stored member clusters by name
 * @param intents     stored intents by name
 * @param allocations every stored allocation
 */
public record World(
        Map<String, EgressIPPool> pools,
        Map<String, MemberCluster> clusters,
        Map<String, EgressIntent> intents,
        List<Allocation> allocations) {

    private static final World EMPTY = new World(Map.of(), Map.of(), Map.of(), List.of());

    /** Copies every collection into an unmodifiable, name-ordered one. */
    public World {
        pools = Collections.unmodifiableSortedMap(new TreeMap<>(pools));
        clusters = Collections.unmodifiableSortedMap(new TreeMap<>(clusters));
        intents = Collections.unmodifiableSortedMap(new TreeMap<>(intents));
        allocations = List.copyOf(allocations);
    }

    /** Returns a world with nothing stored. */
    public static World empty() {
        return EMPTY;
    }

    /**
     * Builds a world from stored objects, keyed by their {@code metadata.name}.
     *
     * @throws IllegalArgumentException when two objects of one kind share a name
     */
    public static World of(
            Collection<EgressIPPool> pools,
            Collection<MemberCluster> clusters,
            Collection<EgressIntent> intents,
            Collection<Allocation> allocations) {
        return new World(
                byName(pools, p -> p.getMetadata().getName()),
                byName(clusters, c -> c.getMetadata().getName()),
                byName(intents, i -> i.getMetadata().getName()),
                List.copyOf(allocations));
    }

    /** Returns the stored pool of that name. */
    public Optional<EgressIPPool> pool(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    /** Returns the stored cluster of that name. */
    public Optional<MemberCluster> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    private static <T> Map<String, T> byName(Collection<T> objects, Function<T, String> name) {
        Map<String, T> map = new TreeMap<>();
        for (T object : objects) {
            if (map.put(name.apply(object), object) != null) {
                throw new IllegalArgumentException("two objects are named \"" + name.apply(object) + "\"");
            }
        }
        return map;
    }
}

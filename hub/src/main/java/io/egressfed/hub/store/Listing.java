package io.egressfed.hub.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A consistent snapshot of all keys under a prefix.
 *
 * @param items the keys, sorted by key in byte (code point) order
 * @param revision the store revision at which the snapshot was taken; watch from
 *     {@code revision + 1} to follow every later change without gap or overlap
 */
public record Listing(List<KeyValue> items, long revision) {

    /**
     * Copies the items.
     *
     * @throws NullPointerException when items is (or contains) null
     */
    public Listing {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /**
     * The items by key, in key order.
     *
     * @return an unmodifiable map from key to item
     */
    public Map<String, KeyValue> asMap() {
        Map<String, KeyValue> byKey = new LinkedHashMap<>();
        for (KeyValue item : items) {
            byKey.put(item.key(), item);
        }
        return Collections.unmodifiableMap(byKey);
    }
}

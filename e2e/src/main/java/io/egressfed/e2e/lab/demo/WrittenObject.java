package io.egressfed.e2e.lab.demo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object an agent wrote into its cluster, as the API server holds it.
 *
 * @param cluster   the cluster
 * @param kind      its kind
 * @param namespace its namespace ("" when cluster-scoped)
 * @param name      its name
 * @param object    the whole object, as JSON-ready maps and lists
 */
public record WrittenObject(String cluster, String kind, String namespace, String name, Map<String, Object> object) {

    /** Keeps an unmodifiable copy of the object (which may hold nulls, as JSON does). */
    public WrittenObject {
        object = Collections.unmodifiableMap(new LinkedHashMap<>(object));
    }
}

package io.egressfed.agent.backend;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * Identity of one object the agent owns.
 *
 * @param kind      the {@link OwnedKind#kind()} it belongs to
 * @param namespace its namespace, "" when cluster-scoped
 * @param name      its name
 */
public record ObjectKey(String kind, String namespace, String name) {

    /** Checks that every part is present. */
    public ObjectKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The key of a live or desired object.
     *
     * @param kind   the kind name
     * @param object the object
     * @return its key
     */
    public static ObjectKey of(String kind, HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return new ObjectKey(kind, namespace == null ? "" : namespace, object.getMetadata().getName());
    }

    @Override
    public String toString() {
        return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }
}

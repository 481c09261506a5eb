package io.egressfed.agent.backend;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * One object a backend wants in the cluster, complete with the ownership labels. The config-version
 * annotation is stamped when it is written.
 *
 * @param key    its identity
 * @param intent the intent it serves
 * @param object the full object as it should be
 */
public record DesiredObject(ObjectKey key, String intent, HasMetadata object) {

    /** Checks that every part is present. */
    public DesiredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(object, "object");
    }
}

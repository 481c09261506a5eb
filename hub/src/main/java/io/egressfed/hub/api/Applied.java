package io.egressfed.hub.api;

import java.util.Objects;

/**
 * The result of applying one object.
 *
 * @param object the object as stored afterwards
 * @param action what the apply did
 * @param <T> the message type
 */
public record Applied<T>(T object, ApplyAction action) {

    /** Requires both components. */
    public Applied {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(action, "action");
    }
}

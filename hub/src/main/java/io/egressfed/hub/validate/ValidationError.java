package io.egressfed.hub.validate;

import java.util.Objects;

/**
 * One reason why a resource is refused.
 *
 * @param field  the path of the offending field in manifest spelling, e.g. {@code spec.cidrs[1]},
 *               {@code spec.placement.preference[0]}, {@code metadata.name}; the empty string means
 *               the object as a whole (e.g. its serialized size)
 * @param reason why the field is refused, naming the offending value where that helps
 */
public record ValidationError(String field, String reason) {

    /** Rejects null components. */
    public ValidationError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    /** Returns "field: reason", or the reason alone for the object as a whole. */
    @Override
    public String toString() {
        return field.isEmpty() ? reason : field + ": " + reason;
    }
}

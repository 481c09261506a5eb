package io.egressfed.e2e.lab.chaos;

import java.util.Objects;

/**
 * One create or update the chaos runner sent to the admin API. Each write carries a unique id (in an
 * annotation) so that the object's final content can be traced back to the write that produced it.
 *
 * @param kind         the REST collection, e.g. {@code intents}
 * @param name         the object's name
 * @param writeId      the id the write stored in the object
 * @param acknowledged whether the API answered 2xx; an unacknowledged write may or may not have been
 *                     committed (the answer may have been lost after the commit)
 */
public record AdminWrite(String kind, String name, String writeId, boolean acknowledged) {

    /** Checks the fields. */
    public AdminWrite {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(writeId, "writeId");
    }

    /** {@code kind/name}. */
    public String object() {
        return kind + "/" + name;
    }
}

package io.egressfed.e2e.lab.chaos;

import java.util.Objects;
import java.util.Optional;

/**
 * An object as the admin API returns it at the end of a run.
 *
 * @param kind    the REST collection, e.g. {@code intents}
 * @param name    the object's name
 * @param writeId the id of the write whose content it holds; empty when it carries none
 */
public record StoredObject(String kind, String name, Optional<String> writeId) {

    /** Checks the fields. */
    public StoredObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(writeId, "writeId");
    }

    /** {@code kind/name}. */
    public String object() {
        return kind + "/" + name;
    }
}

package io.egressfed.e2e.lab.chaos;

import java.util.Objects;

/**
 * A broken invariant.
 *
 * @param invariant which one
 * @param detail    what was seen, naming the IPs, clusters, objects and times involved
 */
public record Violation(Invariant invariant, String detail) {

    /** Checks the fields. */
    public Violation {
        Objects.requireNonNull(invariant, "invariant");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return invariant.label() + ": " + detail;
    }
}

package io.egressfed.hub.compile;

import java.util.Comparator;
import java.util.Objects;

/**
 * Something in the input the compiler could not (or would not) turn into an assignment, or an
 * assignment that cannot work yet. A warning never stops the other clusters' configs.
 *
 * @param kind what went wrong
 * @param subject the stored object concerned, as its key below the store root, e.g.
 *     {@code alloc/198.51.100.7} or {@code placement/payments}
 * @param message what was skipped and why, naming the offending value
 */
public record CompileWarning(Kind kind, String subject, String message) implements Comparable<CompileWarning> {

    private static final Comparator<CompileWarning> ORDER = Comparator.comparing(CompileWarning::subject)
            .thenComparing(CompileWarning::kind)
            .thenComparing(CompileWarning::message);

    /** What the warning is about. */
    public enum Kind {
        /** An allocation or decision names a cluster that is not a member cluster; that part is skipped. */
        UNKNOWN_CLUSTER,
        /** An allocation or decision names an intent that does not exist; it is skipped. */
        UNKNOWN_INTENT,
        /** An allocation names a pool that does not exist; the allocation is still compiled. */
        UNKNOWN_POOL,
        /** An allocation or decision is not well-formed (bad IP, no intent); it is skipped. */
        INVALID,
        /**
         * Several allocations claim one IP, or an ActivePassive intent has several IPs; every
         * claimant is skipped rather than guessing, so no IP is ever assigned twice.
         */
        CONFLICTING_ALLOCATION,
        /**
         * Several decisions exist for one intent (all skipped), or a decision lists a cluster as both
         * active and fenced (it is fenced).
         */
        CONFLICTING_PLACEMENT,
        /** An allocation or decision does not fit its intent's placement mode; it is skipped. */
        MODE_MISMATCH,
        /** An intent has no placement mode; it is not compiled. */
        UNSPECIFIED_MODE,
        /**
         * A cilium cluster is given an ACTIVE egress IP that no gateway node in its inventory carries;
         * the assignment is compiled, but Cilium cannot use the IP until a node carries it.
         */
        EGRESS_IP_NOT_ON_GATEWAY
    }

    /**
     * Validates.
     *
     * @throws NullPointerException when a component is null
     */
    public CompileWarning {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }

    /** Orders by subject, then kind, then message, so that a result's warnings do not depend on input order. */
    @Override
    public int compareTo(CompileWarning other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return kind + " " + subject + ": " + message;
    }
}

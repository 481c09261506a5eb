package io.egressfed.hub.coordinator;

import io.egressfed.api.v1alpha1.PlacementDecision;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the {@link PlacementDecider} wants done for one intent. Immutable; built by the static factories.
 *
 * @param kind what to do
 * @param decision the record to write (ACTIVATE, WITHDRAW, UPDATE)
 * @param wakeAtNanos when to decide again even if nothing changes (WAIT), on {@link System#nanoTime()}'s scale
 * @param from the cluster the intent leaves (ACTIVATE after a withdrawal, WITHDRAW); empty otherwise
 * @param reason why the intent leaves {@code from} (WITHDRAW)
 */
public record PlacementStep(Kind kind, Optional<PlacementDecision> decision, OptionalLong wakeAtNanos,
                            String from, Optional<FailoverReason> reason) {

    /** The kinds of step. */
    public enum Kind {
        /** The stored record stands; nothing to wait for. */
        KEEP,
        /** The stored record stands until a deadline (a withdrawal timeout, a failback stabilization). */
        WAIT,
        /** Write an ACTIVE record: a first placement, or the end of a withdrawal. */
        ACTIVATE,
        /** Write a WITHDRAWING record: the active cluster's assignment becomes FENCED. */
        WITHDRAW,
        /** Write the record with the same clusters and epoch (a pin cleared, a new target). */
        UPDATE
    }

    /** Checks that the components fit the kind. */
    public PlacementStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(wakeAtNanos, "wakeAtNanos");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(reason, "reason");
        boolean writes = kind == Kind.ACTIVATE || kind == Kind.WITHDRAW || kind == Kind.UPDATE;
        if (writes != decision.isPresent()) {
            throw new IllegalArgumentException("decision: " + kind + (writes ? " needs" : " takes no") + " decision");
        }
        if ((kind == Kind.WAIT) != wakeAtNanos.isPresent()) {
            throw new IllegalArgumentException("wakeAtNanos: only WAIT has a deadline");
        }
        if ((kind == Kind.WITHDRAW) != reason.isPresent()) {
            throw new IllegalArgumentException("reason: only WITHDRAW has a reason");
        }
    }

    /**
     * Nothing to do.
     *
     * @return the step
     */
    public static PlacementStep keep() {
        return new PlacementStep(Kind.KEEP, Optional.empty(), OptionalLong.empty(), "", Optional.empty());
    }

    /**
     * Nothing to do now; decide again at a deadline.
     *
     * @param deadlineNanos the deadline on {@link System#nanoTime()}'s scale
     * @return the step
     */
    public static PlacementStep waitUntil(long deadlineNanos) {
        return new PlacementStep(Kind.WAIT, Optional.empty(), OptionalLong.of(deadlineNanos), "", Optional.empty());
    }

    /**
     * Activates a cluster: a first placement ({@code from} empty) or the end of a withdrawal from {@code from}.
     *
     * @param decision the ACTIVE record
     * @param from the withdrawn cluster(s), comma-separated; empty for a first placement
     * @return the step
     */
    public static PlacementStep activate(PlacementDecision decision, String from) {
        return new PlacementStep(Kind.ACTIVATE, Optional.of(decision), OptionalLong.empty(), from, Optional.empty());
    }

    /**
     * Withdraws the active cluster(s): they get a FENCED assignment.
     *
     * @param decision the WITHDRAWING record
     * @param from the withdrawn cluster(s), comma-separated
     * @param reason why
     * @return the step
     */
    public static PlacementStep withdraw(PlacementDecision decision, String from, FailoverReason reason) {
        return new PlacementStep(Kind.WITHDRAW, Optional.of(decision), OptionalLong.empty(), from,
                Optional.of(reason));
    }

    /**
     * Rewrites the record without moving anything.
     *
     * @param decision the record, same clusters and epoch
     * @return the step
     */
    public static PlacementStep update(PlacementDecision decision) {
        return new PlacementStep(Kind.UPDATE, Optional.of(decision), OptionalLong.empty(), "", Optional.empty());
    }
}

package io.egressfed.agent.link;

import java.util.Map;
import java.util.Objects;

/** What became of applying one config: {@link Applied} or {@link Failed}. Immutable. */
public sealed interface ApplyOutcome permits ApplyOutcome.Applied, ApplyOutcome.Failed {

    /** The whole config is in effect. */
    record Applied() implements ApplyOutcome {
    }

    /**
     * The config is not (entirely) in effect.
     *
     * @param reason what went wrong, for the hub's live status (never secrets)
     * @param assignmentErrors per-assignment reasons (intent name to reason), when the failure is local
     *     to some assignments
     */
    record Failed(String reason, Map<String, String> assignmentErrors) implements ApplyOutcome {
        /** Requires a non-blank reason and copies the map. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank()) {
                throw new IllegalArgumentException("reason: must not be blank");
            }
            assignmentErrors = Map.copyOf(assignmentErrors);
        }
    }

    /**
     * The config is in effect.
     *
     * @return the outcome
     */
    static ApplyOutcome applied() {
        return new Applied();
    }

    /**
     * The config failed as a whole.
     *
     * @param reason what went wrong
     * @return the outcome
     */
    static ApplyOutcome failed(String reason) {
        return new Failed(reason, Map.of());
    }

    /**
     * The config failed for some assignments.
     *
     * @param reason a summary
     * @param assignmentErrors intent name to reason
     * @return the outcome
     */
    static ApplyOutcome failed(String reason, Map<String, String> assignmentErrors) {
        return new Failed(reason, assignmentErrors);
    }
}

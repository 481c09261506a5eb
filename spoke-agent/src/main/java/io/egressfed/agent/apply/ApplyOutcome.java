package io.egressfed.agent.apply;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The result of applying one config version: ACK or NACK material for the hub link.
 *
 * @param version          the config version concerned
 * @param applied          true when every object was written and the version persisted (ACK)
 * @param reason           why it was not applied ("" when applied)
 * @param assignmentErrors per-assignment reasons by intent name, when the failure is local to
 *                         assignments (empty when applied)
 */
public record ApplyOutcome(long version, boolean applied, String reason, Map<String, String> assignmentErrors) {

    /** Checks consistency and copies the map into intent order. */
    public ApplyOutcome {
        Objects.requireNonNull(reason, "reason");
        assignmentErrors = Collections.unmodifiableMap(new TreeMap<>(assignmentErrors));
        if (applied && (!reason.isEmpty() || !assignmentErrors.isEmpty())) {
            throw new IllegalArgumentException("an applied outcome carries no reason and no errors");
        }
        if (!applied && reason.isEmpty()) {
            throw new IllegalArgumentException("a failed outcome needs a reason");
        }
    }

    /**
     * Every object of the version is written and the version is persisted.
     *
     * @param version the version
     * @return the outcome
     */
    public static ApplyOutcome applied(long version) {
        return new ApplyOutcome(version, true, "", Map.of());
    }

    /**
     * The version was refused or could not be carried out completely.
     *
     * @param version          the version
     * @param reason           why
     * @param assignmentErrors reasons by intent name (may be empty)
     * @return the outcome
     */
    public static ApplyOutcome failed(long version, String reason, Map<String, String> assignmentErrors) {
        return new ApplyOutcome(version, false, reason, assignmentErrors);
    }

    /**
     * The version was refused as a whole.
     *
     * @param version the version
     * @param reason  why
     * @return the outcome
     */
    public static ApplyOutcome failed(long version, String reason) {
        return failed(version, reason, Map.of());
    }
}

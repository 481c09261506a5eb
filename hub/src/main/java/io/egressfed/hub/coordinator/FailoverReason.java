package io.egressfed.hub.coordinator;

/** Why an ActivePassive intent leaves its active cluster; the {@code reason} label of the failover metric. */
public enum FailoverReason {
    /** The active cluster's agent is disconnected or reports the assignment (or every gateway) unhealthy. */
    UNHEALTHY("unhealthy"),
    /** A more preferred candidate has been healthy for the stabilization period (failback Auto). */
    FAILBACK("failback"),
    /** An operator asked for it (admin Failover; the intent is pinned to the requested cluster). */
    MANUAL("manual"),
    /** The active cluster no longer matches the intent's placement or pool, or was removed. */
    NOT_CANDIDATE("not_candidate"),
    /** The stored record named several active clusters, or active and fenced ones at once. */
    REPAIR("repair");

    private final String label;

    FailoverReason(String label) {
        this.label = label;
    }

    /**
     * The metric label and audit spelling.
     *
     * @return e.g. {@code unhealthy}
     */
    public String label() {
        return label;
    }
}

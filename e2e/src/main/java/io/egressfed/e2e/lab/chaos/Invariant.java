package io.egressfed.e2e.lab.chaos;

/** The invariants a chaos run must keep, as {@link InvariantChecker} names them in violations. */
public enum Invariant {
    /** At no instant do two clusters hold the same egress IP. */
    SINGLE_HOLDER("single-holder"),
    /** No IP is allocated twice. */
    SINGLE_ALLOCATION("single-allocation"),
    /** Every create or update the admin API acknowledged is present at the end with its last content. */
    NO_LOST_WRITE("no-lost-write"),
    /** After healing, every intent is enforced where it should be and every config is ACKed. */
    CONVERGENCE("convergence");

    private final String label;

    Invariant(String label) {
        this.label = label;
    }

    /** The name printed in reports, e.g. {@code single-holder}. */
    public String label() {
        return label;
    }
}

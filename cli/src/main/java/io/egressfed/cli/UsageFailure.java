package io.egressfed.cli;

/** The command line or configuration is incomplete or contradictory (exit code 2). */
final class UsageFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageFailure(String message) {
        super(message);
    }
}

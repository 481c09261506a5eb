package io.egressfed.cli;

/** Something egressctl could not do, reported as one message and exit code 1. */
final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliFailure(String message) {
        super(message);
    }

    CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

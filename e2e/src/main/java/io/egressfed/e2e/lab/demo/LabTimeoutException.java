package io.egressfed.e2e.lab.demo;

/** The lab waited for something that did not happen in time; the message says what and how far it got. */
public final class LabTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was awaited and the state reached */
    public LabTimeoutException(String message) {
        super(message);
    }
}

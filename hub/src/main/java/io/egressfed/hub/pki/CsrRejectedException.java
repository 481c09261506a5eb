package io.egressfed.hub.pki;

/**
 * A certificate request the hub CA refuses. The message is meant for the agent's operator (it names
 * clusters and key types, never key material); {@link #reason()} lets the link server pick a status.
 */
public final class CsrRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a request was refused. */
    public enum Reason {
        /** The bytes are not a PKCS#10 request. */
        MALFORMED,
        /** The request's signature does not verify with its own key: no proof of possession. */
        BAD_SIGNATURE,
        /** The key is not EC P-256. */
        UNSUPPORTED_KEY,
        /** The subject CN is missing, repeated, or names another cluster. */
        SUBJECT_MISMATCH
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the request was refused
     * @param message what the operator should read
     */
    public CsrRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Returns why the request was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}

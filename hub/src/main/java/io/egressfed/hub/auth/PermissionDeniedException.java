package io.egressfed.hub.auth;

/** The caller is known but its role does not allow the call (HTTP 403, gRPC PERMISSION_DENIED). */
public final class PermissionDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused and why; never a token
     */
    public PermissionDeniedException(String message) {
        super(message);
    }
}

package io.egressfed.hub.auth;

/** No bearer token, or one the hub does not know (HTTP 401, gRPC UNAUTHENTICATED). */
public final class UnauthenticatedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why; never the token presented
     */
    public UnauthenticatedException(String message) {
        super(message);
    }
}

package io.egressfed.hub.api;

import io.grpc.Status;

/** The kinds of admin API failure, with their HTTP status and gRPC code (the error body names the latter). */
public enum ErrorCode {
    /** Invalid input: a malformed body, an invalid object, a bad query parameter (400). */
    INVALID_ARGUMENT(400, Status.Code.INVALID_ARGUMENT),
    /** No bearer token, or an unknown one (401). */
    UNAUTHENTICATED(401, Status.Code.UNAUTHENTICATED),
    /** The token's role does not allow the call (403). */
    PERMISSION_DENIED(403, Status.Code.PERMISSION_DENIED),
    /** No such object or route (404). */
    NOT_FOUND(404, Status.Code.NOT_FOUND),
    /** The route exists but not with this HTTP method (405; gRPC has no such case). */
    METHOD_NOT_ALLOWED(405, Status.Code.UNIMPLEMENTED),
    /** A create found the object already there (409). */
    ALREADY_EXISTS(409, Status.Code.ALREADY_EXISTS),
    /** A stale {@code metadata.resourceVersion}: the object changed since it was read (409). */
    CONFLICT(409, Status.Code.ABORTED),
    /** A request body beyond the size limit (413). */
    TOO_LARGE(413, Status.Code.INVALID_ARGUMENT),
    /** A bug on the hub's side (500). */
    INTERNAL(500, Status.Code.INTERNAL),
    /** An operation this hub version does not offer yet (501). */
    UNIMPLEMENTED(501, Status.Code.UNIMPLEMENTED),
    /** The store did not answer in time, or concurrent writers kept winning; retry later (503). */
    UNAVAILABLE(503, Status.Code.UNAVAILABLE);

    private final int httpStatus;
    private final Status.Code grpcCode;

    ErrorCode(int httpStatus, Status.Code grpcCode) {
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    /**
     * The HTTP status of a REST response with this error.
     *
     * @return the status, e.g. 404
     */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The gRPC status code of a call failing with this error; its name is the error body's {@code code}.
     *
     * @return the code
     */
    public Status.Code grpcCode() {
        return grpcCode;
    }
}

package io.egressfed.hub.api;

import io.egressfed.api.manifest.ManifestError;
import io.egressfed.api.manifest.ManifestException;
import io.egressfed.api.v1alpha1.ErrorBody;
import io.egressfed.api.v1alpha1.FieldViolation;
import io.egressfed.hub.auth.PermissionDeniedException;
import io.egressfed.hub.auth.UnauthenticatedException;
import io.egressfed.hub.net.InvalidSelectorException;
import io.egressfed.hub.state.AlreadyExistsException;
import io.egressfed.hub.state.ConflictException;
import io.egressfed.hub.state.NotFoundException;
import io.egressfed.hub.state.RetriesExhaustedException;
import io.egressfed.hub.store.StoreException;
import io.egressfed.hub.validate.ValidationError;
import io.egressfed.hub.validate.ValidationException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure as the admin API reports it, the same over REST and gRPC.
 *
 * @param code the kind of failure (HTTP status, gRPC code)
 * @param body what the client receives: {@code {code, message, details: [{field, reason}]}}
 */
public record ApiError(ErrorCode code, ErrorBody body) {

    private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);

    /** Requires both components. */
    public ApiError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(body, "body");
    }

    /**
     * Translates any failure of an admin operation; unexpected ones are logged and reported without
     * their internals.
     *
     * @param failure the failure, possibly wrapped in a {@link CompletionException}
     * @return the error to report
     */
    public static ApiError of(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException api) {
            return of(api.code(), api.getMessage(), api.details());
        }
        if (cause instanceof ValidationException invalid) {
            return of(ErrorCode.INVALID_ARGUMENT, invalid.getMessage(), invalid.errors().stream()
                    .map(ApiError::violation).toList());
        }
        if (cause instanceof ManifestException malformed) {
            return of(ErrorCode.INVALID_ARGUMENT, malformed.getMessage(), malformed.errors().stream()
                    .map(ApiError::violation).toList());
        }
        if (cause instanceof InvalidSelectorException selector) {
            return of(ErrorCode.INVALID_ARGUMENT, "labelSelector: " + selector.getMessage(), selector.problems().stream()
                    .map(problem -> violation("labelSelector", problem.toString())).toList());
        }
        if (cause instanceof NotFoundException) {
            return of(ErrorCode.NOT_FOUND, cause.getMessage(), List.of());
        }
        if (cause instanceof AlreadyExistsException) {
            return of(ErrorCode.ALREADY_EXISTS, cause.getMessage(), List.of());
        }
        if (cause instanceof ConflictException) {
            return of(ErrorCode.CONFLICT, cause.getMessage(),
                    List.of(violation("metadata.resourceVersion", cause.getMessage())));
        }
        if (cause instanceof RetriesExhaustedException || cause instanceof StoreException
                || cause instanceof TimeoutException) {
            LOG.warn("admin request failed for now: {}", cause.toString());
            return of(ErrorCode.UNAVAILABLE, "the hub could not complete the request now, retry later: "
                    + cause.getMessage(), List.of());
        }
        if (cause instanceof UnauthenticatedException) {
            return of(ErrorCode.UNAUTHENTICATED, cause.getMessage(), List.of());
        }
        if (cause instanceof PermissionDeniedException) {
            return of(ErrorCode.PERMISSION_DENIED, cause.getMessage(), List.of());
        }
        if (cause instanceof IllegalArgumentException) {
            // Services refuse bad arguments (an IP that is not one, a name that is not a DNS label) this way.
            return of(ErrorCode.INVALID_ARGUMENT, cause.getMessage(), List.of());
        }
        LOG.error("admin request failed unexpectedly", cause);
        return of(ErrorCode.INTERNAL, "internal error of the hub; its log has the details", List.of());
    }

    /**
     * Builds an error.
     *
     * @param code the kind of failure
     * @param message for people
     * @param details refused fields
     * @return the error
     */
    public static ApiError of(ErrorCode code, String message, List<FieldViolation> details) {
        return new ApiError(code, ErrorBody.newBuilder()
                .setCode(code.grpcCode().name())
                .setMessage(message == null ? "" : message)
                .addAllDetails(details)
                .build());
    }

    /**
     * Removes the wrappers futures add.
     *
     * @param failure a failure
     * @return the innermost cause that is not a {@link CompletionException} or {@link ExecutionException}
     */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static FieldViolation violation(String field, String reason) {
        return FieldViolation.newBuilder().setField(field).setReason(reason).build();
    }

    private static FieldViolation violation(ValidationError error) {
        return violation(error.field(), error.reason());
    }

    private static FieldViolation violation(ManifestError error) {
        return violation(error.path(), error.reason());
    }
}

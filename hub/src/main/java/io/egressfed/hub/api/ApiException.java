package io.egressfed.hub.api;

import io.egressfed.api.v1alpha1.FieldViolation;
import java.util.List;
import java.util.Objects;

/** A refusal decided by the admin API itself (a bad parameter, an unknown route, an unimplemented call). */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient List<FieldViolation> details;

    /**
     * Creates the exception.
     *
     * @param code the kind of failure
     * @param message what went wrong, for people
     * @param details refused fields, possibly none
     */
    public ApiException(ErrorCode code, String message, List<FieldViolation> details) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.details = List.copyOf(details);
    }

    /**
     * An invalid request field.
     *
     * @param field the field or query parameter, e.g. {@code ip}
     * @param reason why it is refused
     * @return the exception
     */
    public static ApiException invalid(String field, String reason) {
        return new ApiException(ErrorCode.INVALID_ARGUMENT, field + ": " + reason,
                List.of(FieldViolation.newBuilder().setField(field).setReason(reason).build()));
    }

    /**
     * The kind of failure.
     *
     * @return the code
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * The refused fields.
     *
     * @return the details, possibly empty
     */
    public List<FieldViolation> details() {
        return details;
    }
}

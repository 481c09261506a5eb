package io.egressfed.hub.validate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a resource, or a change to it, is refused; carries every error found, not only the first.
 * The message reads like {@code EgressIntent "x" is invalid: spec.placement.preference[0]: cluster
 * "nope" does not exist; spec.egressIP.pool: required}.
 */
public final class ValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String name;
    private final transient List<ValidationError> errors;

    private ValidationException(String kind, String name, String verdict, List<ValidationError> errors) {
        super(describe(kind, name) + " " + verdict + ": "
                + errors.stream().map(ValidationError::toString).collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one error");
        }
        this.kind = kind;
        this.name = name;
        this.errors = List.copyOf(errors);
    }

    /** Creates the exception for an object that cannot be written. */
    public static ValidationException invalid(String kind, String name, List<ValidationError> errors) {
        return new ValidationException(kind, name, "is invalid", errors);
    }

    /** Creates the exception for an object that cannot be deleted. */
    public static ValidationException undeletable(String kind, String name, List<ValidationError> errors) {
        return new ValidationException(kind, name, "cannot be deleted", errors);
    }

    /** Returns the resource kind, e.g. "EgressIntent". */
    public String kind() {
        return kind;
    }

    /** Returns the name of the refused object; empty when it had none. */
    public String name() {
        return name;
    }

    /** Returns every error, in field order. */
    public List<ValidationError> errors() {
        return errors;
    }

    private static String describe(String kind, String name) {
        return name.isEmpty() ? kind : kind + " \"" + name + "\"";
    }
}

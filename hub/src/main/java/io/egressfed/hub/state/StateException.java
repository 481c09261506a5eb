package io.egressfed.hub.state;

import java.util.Objects;

/**
 * A write or read of a resource that cannot be done as asked, for a reason other than invalid
 * content (that is {@link io.egressfed.hub.validate.ValidationException}). Nothing was written.
 */
public abstract class StateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String name;

    /**
     * Creates the exception.
     *
     * @param kind the resource kind, e.g. {@code EgressIntent}
     * @param name the resource name
     * @param message what went wrong
     */
    protected StateException(String kind, String name, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The kind of the resource concerned.
     *
     * @return the kind, e.g. {@code EgressIntent}
     */
    public String kind() {
        return kind;
    }

    /**
     * The name of the resource concerned.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    static String describe(String kind, String name) {
        return kind + " \"" + name + "\"";
    }
}

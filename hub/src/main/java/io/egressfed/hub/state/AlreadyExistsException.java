package io.egressfed.hub.state;

/** A create found an object of that kind and name already stored (HTTP 409). */
public final class AlreadyExistsException extends StateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param kind the resource kind
     * @param name the resource name
     */
    public AlreadyExistsException(String kind, String name) {
        super(kind, name, describe(kind, name) + " already exists");
    }
}

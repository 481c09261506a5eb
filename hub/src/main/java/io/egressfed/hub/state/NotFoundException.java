package io.egressfed.hub.state;

/** The resource does not exist (HTTP 404). */
public final class NotFoundException extends StateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param kind the resource kind
     * @param name the resource name
     */
    public NotFoundException(String kind, String name) {
        super(kind, name, describe(kind, name) + " does not exist");
    }
}

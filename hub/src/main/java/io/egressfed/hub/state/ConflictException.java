package io.egressfed.hub.state;

/**
 * The caller's {@code metadata.resourceVersion} is not the stored one: someone changed the object
 * since the caller read it (HTTP 409). Read it again, reapply the change, retry.
 */
public final class ConflictException extends StateException {

    private static final long serialVersionUID = 1L;

    private final String expectedVersion;
    private final String currentVersion;

    /**
     * Creates the exception.
     *
     * @param kind the resource kind
     * @param name the resource name
     * @param expectedVersion the resourceVersion the caller sent
     * @param currentVersion the resourceVersion stored now
     */
    public ConflictException(String kind, String name, String expectedVersion, String currentVersion) {
        super(kind, name, describe(kind, name) + " was modified: the request is based on resourceVersion "
                + expectedVersion + ", the stored object has resourceVersion " + currentVersion
                + "; read it again and retry");
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    /**
     * The resourceVersion the caller based its request on.
     *
     * @return the expected version
     */
    public String expectedVersion() {
        return expectedVersion;
    }

    /**
     * The resourceVersion stored when the request was refused.
     *
     * @return the current version
     */
    public String currentVersion() {
        return currentVersion;
    }
}

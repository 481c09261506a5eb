package io.egressfed.hub.net;

/**
 * Thrown when a string is not a valid IP address, CIDR or range literal. The message is a complete,
 * user-facing reason that names the offending text, e.g. {@code "010.0.0.1" is not an IP address:
 * octet "010" has a leading zero}.
 */
public final class AddressFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a user-facing reason. */
    public AddressFormatException(String reason) {
        super(reason);
    }
}

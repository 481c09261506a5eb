package io.egressfed.hub.store;

/**
 * A stored value could not be decoded as the type its key holds. The message names the key and
 * the expected type, never the bytes.
 */
public class CorruptValueException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param key the key whose value is corrupt
     * @param typeName the type the value should have been
     * @param cause the parser's complaint
     */
    public CorruptValueException(String key, String typeName, Throwable cause) {
        super("value of " + key + " is not a valid " + typeName + ": " + cause.getMessage(), cause);
    }
}

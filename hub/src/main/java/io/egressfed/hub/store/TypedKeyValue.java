package io.egressfed.hub.store;

import com.google.protobuf.Message;
import java.util.Objects;

/**
 * A stored key whose value is decoded as a protobuf message (see {@link Codec}).
 * {@link #toString()} omits the value: it may carry secrets.
 *
 * @param key the full key
 * @param value the decoded message
 * @param createRevision revision that created the key
 * @param modRevision revision of the last change (use it in {@link Compare#modRevision(String, long)})
 * @param version number of puts since creation
 * @param <T> the message type
 */
public record TypedKeyValue<T extends Message>(String key, T value, long createRevision, long modRevision,
                                               long version) {

    /**
     * Validates.
     *
     * @throws NullPointerException when key or value is null
     */
    public TypedKeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "TypedKeyValue[key=" + key + ", type=" + value.getDescriptorForType().getFullName()
                + ", createRevision=" + createRevision + ", modRevision=" + modRevision + ", version=" + version + "]";
    }
}

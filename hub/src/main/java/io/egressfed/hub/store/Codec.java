package io.egressfed.hub.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Objects;

/**
 * Converts stored bytes to and from one protobuf message type.
 *
 * @param <T> the message type
 */
public final class Codec<T extends Message> {

    private final Parser<T> parser;
    private final String typeName;

    private Codec(Parser<T> parser, String typeName) {
        this.parser = parser;
        this.typeName = typeName;
    }

    /**
     * The codec of a message type, e.g. {@code Codec.of(Allocation.getDefaultInstance())}.
     *
     * @param defaultInstance the type's default instance
     * @param <T> the message type
     * @return the codec
     */
    @SuppressWarnings("unchecked") // a generated message's parser always parses its own type
    public static <T extends Message> Codec<T> of(T defaultInstance) {
        Objects.requireNonNull(defaultInstance, "defaultInstance");
        return new Codec<>((Parser<T>) defaultInstance.getParserForType(),
                defaultInstance.getDescriptorForType().getFullName());
    }

    /**
     * Serializes a message.
     *
     * @param message the message
     * @return its wire bytes
     */
    public byte[] encode(T message) {
        return Objects.requireNonNull(message, "message").toByteArray();
    }

    /**
     * A put of the serialized message, for a {@link Txn}.
     *
     * @param key the key
     * @param message the message
     * @return the operation
     */
    public Op.Put put(String key, T message) {
        return Op.put(key, encode(message));
    }

    /**
     * Parses the value stored under {@code key}.
     *
     * @param key the key the bytes were read from (named in errors)
     * @param bytes the stored bytes
     * @return the message
     * @throws CorruptValueException when the bytes are not a valid message of this type
     */
    public T decode(String key, byte[] bytes) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptValueException(key, typeName, e);
        }
    }

    /**
     * Parses a stored key-value.
     *
     * @param kv the stored key-value
     * @return the message with the key's metadata
     * @throws CorruptValueException when the value is not a valid message of this type
     */
    public TypedKeyValue<T> decode(KeyValue kv) {
        return new TypedKeyValue<>(kv.key(), decode(kv.key(), kv.value()), kv.createRevision(), kv.modRevision(),
                kv.version());
    }

    /**
     * The full protobuf name of the type, e.g. {@code egressfed.v1alpha1.Allocation}.
     *
     * @return the type name
     */
    public String typeName() {
        return typeName;
    }
}

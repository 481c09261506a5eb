package io.egressfed.hub.audit;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest an audit record keeps of an object before and after a change: lower-case hex SHA-256 of
 * the deterministic protobuf serialization (map entries sorted by key) of the object without its
 * {@code status} and without {@code metadata.resource_version}. Status is written by the hub and
 * the version is the store's revision; neither is what a user changed, and leaving them out makes
 * the digest of a stored object reproducible from its manifest.
 */
public final class ObjectDigest {

    private static final String STATUS = "status";
    private static final String METADATA = "metadata";
    private static final String RESOURCE_VERSION = "resource_version";

    private ObjectDigest() {
    }

    /**
     * Digests a resource (any message; {@code status} and {@code metadata.resource_version} are left
     * out where the message has them).
     *
     * @param object the resource
     * @return 64 lower-case hex characters
     */
    public static String of(Message object) {
        return sha256Hex(deterministicBytes(withoutHubFields(object)));
    }

    private static Message withoutHubFields(Message object) {
        Message.Builder builder = object.toBuilder();
        FieldDescriptor status = object.getDescriptorForType().findFieldByName(STATUS);
        if (status != null) {
            builder.clearField(status);
        }
        FieldDescriptor metadata = object.getDescriptorForType().findFieldByName(METADATA);
        if (metadata != null && metadata.getJavaType() == FieldDescriptor.JavaType.MESSAGE && object.hasField(metadata)) {
            Message.Builder meta = ((Message) object.getField(metadata)).toBuilder();
            FieldDescriptor version = meta.getDescriptorForType().findFieldByName(RESOURCE_VERSION);
            if (version != null) {
                meta.clearField(version);
            }
            builder.setField(metadata, meta.build());
        }
        return builder.build();
    }

    private static byte[] deterministicBytes(Message message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.getSerializedSize());
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            message.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("serializing into memory cannot fail", e);
        }
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}

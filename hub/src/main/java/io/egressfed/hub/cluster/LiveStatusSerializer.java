package io.egressfed.hub.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.egressfed.api.v1alpha1.ReplicatedLiveStatus;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Serializes {@link ReplicatedLiveStatus} (the values of the replicated live-status map) as its
 * protobuf bytes, so replicas of different versions can read each other's entries. Registered by
 * {@link PekkoConfig}.
 */
public final class LiveStatusSerializer extends SerializerWithStringManifest {

    private static final int IDENTIFIER = 4_711_001;
    private static final String MANIFEST = "egressfed.v1alpha1.ReplicatedLiveStatus";

    /**
     * Called by Pekko's serialization extension.
     *
     * @param system the actor system (unused: the format needs nothing from it)
     */
    public LiveStatusSerializer(ExtendedActorSystem system) {
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object value) {
        requireSupported(value);
        return MANIFEST;
    }

    @Override
    public byte[] toBinary(Object value) {
        return requireSupported(value).toByteArray();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        if (!MANIFEST.equals(manifest)) {
            throw new NotSerializableException("manifest: unknown '" + manifest + "', expected " + MANIFEST);
        }
        try {
            return ReplicatedLiveStatus.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new NotSerializableException("bytes: not a ReplicatedLiveStatus: " + e.getMessage());
        }
    }

    private static ReplicatedLiveStatus requireSupported(Object value) {
        if (value instanceof ReplicatedLiveStatus status) {
            return status;
        }
        throw new IllegalArgumentException("value: cannot serialize " + value.getClass().getName());
    }
}

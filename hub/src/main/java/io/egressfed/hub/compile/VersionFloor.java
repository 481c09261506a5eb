package io.egressfed.hub.compile;

import com.google.protobuf.UInt64Value;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.CorruptValueException;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Op;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code config-floors/<cluster>} holds: the last version of a deleted config of that cluster
 * name (0 when none was ever deleted). Every later config of the name is numbered above it, because
 * the agent of a re-created cluster may still hold the applied version of the old one and refuses
 * anything at or below it.
 *
 * <p>The floor is written only in the transaction that deletes the config, so while a config key
 * exists its n-th put carries version {@code floor + n}.
 *
 * @param key the floor's key
 * @param version the floor, 0 when absent
 * @param modRevision the floor key's mod revision as read, 0 when absent
 */
record VersionFloor(String key, long version, long modRevision) {

    private static final Codec<UInt64Value> CODEC = Codec.of(UInt64Value.getDefaultInstance());

    VersionFloor {
        Objects.requireNonNull(key, "key");
        if (version < 0) {
            throw new IllegalArgumentException("version: must be >= 0, got " + version);
        }
    }

    /**
     * Decodes a floor as read.
     *
     * @param key the floor's key
     * @param stored the key as read, empty when absent
     * @return the floor
     * @throws CorruptValueException when the value is not a version the hub could have written; the
     *     caller must not guess one, or versions could go backwards
     */
    static VersionFloor of(String key, Optional<KeyValue> stored) {
        if (stored.isEmpty()) {
            return new VersionFloor(key, 0, 0);
        }
        KeyValue kv = stored.get();
        long version = CODEC.decode(key, kv.value()).getValue();
        if (version < 1) {
            throw new CorruptValueException(key, UInt64Value.getDescriptor().getFullName(),
                    new IllegalArgumentException("value " + Long.toUnsignedString(version) + " is out of range (1.."
                            + Long.MAX_VALUE + ")"));
        }
        return new VersionFloor(key, version, kv.modRevision());
    }

    /**
     * The compare that holds while the floor is as read, for the transaction that relies on it.
     *
     * @return the compare
     */
    Compare unchanged() {
        return modRevision == 0 ? Compare.absent(key) : Compare.modRevision(key, modRevision);
    }

    /**
     * The write that raises the floor to a retired version, if that is above it; a floor never falls.
     *
     * @param retired the last version of the config being deleted
     * @return the put, or empty when the floor is already there
     */
    Optional<Op> raisedTo(long retired) {
        if (retired <= version) {
            return Optional.empty();
        }
        return Optional.of(CODEC.put(key, UInt64Value.of(retired)));
    }
}

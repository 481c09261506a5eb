package io.egressfed.hub.state;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.TypedKeyValue;
import io.egressfed.hub.validate.Defaults;
import io.egressfed.hub.validate.Validator;
import io.egressfed.hub.validate.World;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One kind of resource users write: pools, member clusters or intents. The three constants are the
 * only instances; they let {@link ResourceService} offer one typed set of operations for all kinds.
 *
 * @param <T> the resource's message type
 */
public final class ResourceKind<T extends Message> {

    /** {@code EgressIPPool}. */
    public static final ResourceKind<EgressIPPool> POOL = new ResourceKind<>(
            "EgressIPPool",
            Codec.of(EgressIPPool.getDefaultInstance()),
            Keys::pool,
            Keys::pools,
            EgressIPPool::getMetadata,
            (pool, meta) -> pool.toBuilder().setMetadata(meta).build(),
            EgressIPPool::getSpec,
            (pool, stored) -> stored == null || !stored.hasStatus() ? pool.toBuilder().clearStatus().build()
                    : pool.toBuilder().setStatus(stored.getStatus()).build(),
            UnaryOperator.identity(),
            Validator::validatePool,
            Validator::validatePoolDeletion,
            Snapshot::pools);

    /** {@code MemberCluster}. */
    public static final ResourceKind<MemberCluster> CLUSTER = new ResourceKind<>(
            "MemberCluster",
            Codec.of(MemberCluster.getDefaultInstance()),
            Keys::cluster,
            Keys::clusters,
            MemberCluster::getMetadata,
            (cluster, meta) -> cluster.toBuilder().setMetadata(meta).build(),
            MemberCluster::getSpec,
            (cluster, stored) -> stored == null || !stored.hasStatus() ? cluster.toBuilder().clearStatus().build()
                    : cluster.toBuilder().setStatus(stored.getStatus()).build(),
            UnaryOperator.identity(),
            Validator::validateCluster,
            Validator::validateClusterDeletion,
            Snapshot::clusters);

    /** {@code EgressIntent}; defaults ({@link Defaults#apply}) are filled before validation and stored. */
    public static final ResourceKind<EgressIntent> INTENT = new ResourceKind<>(
            "EgressIntent",
            Codec.of(EgressIntent.getDefaultInstance()),
            Keys::intent,
            Keys::intents,
            EgressIntent::getMetadata,
            (intent, meta) -> intent.toBuilder().setMetadata(meta).build(),
            EgressIntent::getSpec,
            (intent, stored) -> stored == null || !stored.hasStatus() ? intent.toBuilder().clearStatus().build()
                    : intent.toBuilder().setStatus(stored.getStatus()).build(),
            Defaults::apply,
            Validator::validateIntent,
            ResourceKind::intentsAreAlwaysDeletable,
            Snapshot::intents);

    /** Validates a candidate against the world. */
    interface Validation<T> {
        void validate(Validator validator, T candidate, World world);
    }

    /** Validates a deletion against the world. */
    interface DeletionValidation {
        void validate(Validator validator, String name, World world);
    }

    private final String name;
    private final Codec<T> codec;
    private final BiFunction<Keys, String, String> key;
    private final Function<Keys, String> prefix;
    private final Function<T, ObjectMeta> metadata;
    private final BiFunction<T, ObjectMeta, T> withMetadata;
    private final Function<T, Message> spec;
    private final BiFunction<T, T, T> withStatusOf;
    private final UnaryOperator<T> defaults;
    private final Validation<T> validation;
    private final DeletionValidation deletionValidation;
    private final Function<Snapshot, Map<String, TypedKeyValue<T>>> stored;

    private ResourceKind(String name, Codec<T> codec, BiFunction<Keys, String, String> key, Function<Keys, String> prefix,
                         Function<T, ObjectMeta> metadata, BiFunction<T, ObjectMeta, T> withMetadata,
                         Function<T, Message> spec, BiFunction<T, T, T> withStatusOf, UnaryOperator<T> defaults,
                         Validation<T> validation, DeletionValidation deletionValidation,
                         Function<Snapshot, Map<String, TypedKeyValue<T>>> stored) {
        this.name = name;
        this.codec = codec;
        this.key = key;
        this.prefix = prefix;
        this.metadata = metadata;
        this.withMetadata = withMetadata;
        this.spec = spec;
        this.withStatusOf = withStatusOf;
        this.defaults = defaults;
        this.validation = validation;
        this.deletionValidation = deletionValidation;
        this.stored = stored;
    }

    /**
     * The kind as written in manifests and audit records, e.g. {@code EgressIPPool}.
     *
     * @return the kind name
     */
    public String kindName() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    Codec<T> codec() {
        return codec;
    }

    String key(Keys keys, String objectName) {
        return key.apply(keys, objectName);
    }

    String prefix(Keys keys) {
        return prefix.apply(keys);
    }

    ObjectMeta metadata(T object) {
        return metadata.apply(object);
    }

    T withMetadata(T object, ObjectMeta meta) {
        return withMetadata.apply(object, meta);
    }

    Message spec(T object) {
        return spec.apply(object);
    }

    /** The object with the stored object's status, or with none when there is no stored object. */
    T withStatusOf(T object, T storedObject) {
        return withStatusOf.apply(object, storedObject);
    }

    T withDefaults(T object) {
        return defaults.apply(object);
    }

    void validate(Validator validator, T candidate, World world) {
        validation.validate(validator, candidate, world);
    }

    void validateDeletion(Validator validator, String objectName, World world) {
        deletionValidation.validate(validator, objectName, world);
    }

    Map<String, TypedKeyValue<T>> stored(Snapshot snapshot) {
        return stored.apply(snapshot);
    }

    /** The object as returned to callers: its resourceVersion is the revision it was last written at. */
    T withResourceVersion(T object, long modRevision) {
        return withMetadata(object, metadata(object).toBuilder().setResourceVersion(Long.toString(modRevision)).build());
    }

    /** Decodes a stored object and fills its resourceVersion. */
    T fromStored(TypedKeyValue<T> kv) {
        return withResourceVersion(kv.value(), kv.modRevision());
    }

    /**
     * Accepts every intent deletion: nothing refers to an intent, and its addresses are released in the
     * deleting transaction.
     */
    private static void intentsAreAlwaysDeletable(Validator validator, String objectName, World world) {
        // No rule to check; see above.
    }
}

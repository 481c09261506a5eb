package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;

/**
 * Checks resources before anything is written. Every method is pure: it reads the candidate and the
 * {@link World} snapshot, mutates neither, and either returns normally or throws a
 * {@link ValidationException} listing every error found with its field path. Creating and replacing
 * an object go through the same method: when the world holds an object of the candidate's name, the
 * candidate is checked as its new version (e.g. a pool may not shrink below its allocations).
 *
 * <p>Cross-object rules are checked from both sides, so that no write order can bypass them: an
 * ActivePassive intent's pool must be routable in each of its candidate clusters (checked when the
 * intent, the pool or a cluster changes), and an intent must be expressible by the backend of each
 * cluster it selects (checked when the intent or the cluster changes).
 */
public interface Validator {
    /** Largest accepted serialized (protobuf binary) size of one object, status included: 256 KiB. */
    int MAX_OBJECT_BYTES = 256 * 1024;

    /** Returns the validator; it holds no state. */
    static Validator create() {
        return new ResourceValidator();
    }

    /**
     * Checks a pool to be created or replaced: syntax and family of cidrs and exclude, no overlap
     * inside the pool or with any other pool, at least one allocatable address, a valid
     * clusterSelector; and, against the stored allocations and intents of this pool, that no
     * allocated or pinned address falls outside the new shape, that the family does not change under
     * intents that use it, and that it stays routable in their ActivePassive candidate clusters.
     *
     * @throws ValidationException listing every error
     */
    void validatePool(EgressIPPool candidate, World world);

    /**
     * Checks that a stored pool may be deleted: no allocation and no intent may still use it.
     *
     * @throws ValidationException listing the intents that hold it
     */
    void validatePoolDeletion(String name, World world);

    /**
     * Checks a member cluster to be created or replaced: backend, gateway node selector and interface,
     * and that every intent selecting it stays expressible by its backend and routable for
     * ActivePassive.
     *
     * @throws ValidationException listing every error
     */
    void validateCluster(MemberCluster candidate, World world);

    /**
     * Checks that a stored cluster may be deleted: no intent may still name it in its ActivePassive
     * preference list.
     *
     * @throws ValidationException listing the intents that name it
     */
    void validateClusterDeletion(String name, World world);

    /**
     * Checks an intent to be created or replaced: selectors, destinations and ports, the pool and
     * pinned address, placement mode, preference and failback, ActivePassive routability, and the
     * backends of the clusters it selects.
     *
     * @throws ValidationException listing every error
     */
    void validateIntent(EgressIntent candidate, World world);
}

package io.egressfed.hub.state;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.ClusterInventory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Create, read, update and delete of the resources users write (pools, member clusters, intents),
 * with Kubernetes semantics, and the store of cluster inventories the agents report.
 *
 * <p>Every write validates the object against a snapshot of everything stored
 * ({@link io.egressfed.hub.validate.Validator}) and then commits ONE transaction holding the object,
 * its audit record and, for an intent deletion, the release of its addresses; an invalid or refused
 * write changes nothing. The hub owns {@code metadata.resourceVersion} (the store revision of the last
 * write, filled on read, never stored), {@code metadata.generation} (1 on create, +1 on every spec
 * change), {@code metadata.creationTimestamp} and {@code status}: values the caller sends for them are
 * ignored, except {@code resourceVersion} on update and delete, which is a precondition.
 *
 * <p>Asynchronous like the store: futures fail with
 * {@link io.egressfed.hub.validate.ValidationException} (invalid object or refused deletion, with
 * field paths), {@link NotFoundException}, {@link AlreadyExistsException}, {@link ConflictException}
 * (stale resourceVersion), {@link RetriesExhaustedException} (concurrent writers kept winning) or
 * {@link io.egressfed.hub.store.StoreException}. Conflicts the caller did not ask about (another
 * replica writing another object at the same moment) are retried internally, re-reading and
 * re-validating each time. Results are immutable protobuf messages with resourceVersion filled in.
 */
public interface ResourceService {

    /**
     * Creates an object.
     *
     * @param kind the kind, e.g. {@link ResourceKind#POOL}
     * @param object the object; {@code metadata.resourceVersion} must be empty
     * @param actor who asks, for the audit log (e.g. {@code admin:ops-token})
     * @param <T> the message type
     * @return the stored object
     */
    <T extends Message> CompletableFuture<T> create(ResourceKind<T> kind, T object, String actor);

    /**
     * Replaces an object's metadata (labels, annotations) and spec; its status is kept.
     *
     * @param kind the kind
     * @param object the new version; when {@code metadata.resourceVersion} is set the update applies
     *     only if the stored object is still at that version ({@link ConflictException} otherwise)
     * @param actor who asks, for the audit log
     * @param <T> the message type
     * @return the stored object (unchanged, and nothing written, when the update changes nothing)
     */
    <T extends Message> CompletableFuture<T> update(ResourceKind<T> kind, T object, String actor);

    /**
     * Deletes an object. Pools and clusters still in use are refused; an intent's addresses are
     * released in the same transaction.
     *
     * @param kind the kind
     * @param name the object's name
     * @param resourceVersion delete only at this version; empty for any
     * @param actor who asks, for the audit log
     * @param <T> the message type
     * @return the object as it was last stored
     */
    <T extends Message> CompletableFuture<T> delete(ResourceKind<T> kind, String name, String resourceVersion,
                                                     String actor);

    /**
     * Reads one object.
     *
     * @param kind the kind
     * @param name the object's name
     * @param <T> the message type
     * @return the object, or empty when there is none of that name
     */
    <T extends Message> CompletableFuture<Optional<T>> get(ResourceKind<T> kind, String name);

    /**
     * Reads every object of a kind, as one consistent snapshot.
     *
     * @param kind the kind
     * @param <T> the message type
     * @return the objects in name order
     */
    <T extends Message> CompletableFuture<List<T>> list(ResourceKind<T> kind);

    /**
     * Stores what a cluster's agent reports about its gateway nodes (which addresses each carries),
     * replacing the previous report. Addresses are stored in canonical form; {@code reportedAt} is
     * set to now when missing. Not audited: it is telemetry, not a change anyone makes.
     *
     * @param inventory the report; {@code cluster} must name a stored member cluster
     * @return the stored report
     */
    CompletableFuture<ClusterInventory> putInventory(ClusterInventory inventory);

    /**
     * Reads a cluster's last inventory report.
     *
     * @param cluster the cluster name
     * @return the report, or empty when the cluster has reported none
     */
    CompletableFuture<Optional<ClusterInventory>> getInventory(String cluster);
}

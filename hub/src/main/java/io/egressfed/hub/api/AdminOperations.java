package io.egressfed.hub.api;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.ApplyPlan;
import io.egressfed.api.v1alpha1.AuditQuery;
import io.egressfed.api.v1alpha1.AuditRecordList;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EnrollmentTokenRequest;
import io.egressfed.api.v1alpha1.EnrollmentTokenResponse;
import io.egressfed.api.v1alpha1.FailoverRequest;
import io.egressfed.api.v1alpha1.HubStatus;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.api.v1alpha1.WhoisRequest;
import io.egressfed.api.v1alpha1.WhoisResponse;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.auth.Caller;
import io.egressfed.hub.auth.Permission;
import io.egressfed.hub.link.EnrollmentTokenService;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.link.LiveStatusRegistry;
import io.egressfed.hub.net.Selector;
import io.egressfed.hub.state.AlreadyExistsException;
import io.egressfed.hub.state.NotFoundException;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.ResourceService;
import io.egressfed.hub.state.SnapshotReader;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.validate.Validator;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The one implementation of the admin API; the REST server and the gRPC service both call it, so
 * their behaviour cannot diverge. Every method checks the caller's role first, then does the work;
 * every failure (including a refused role) is carried by the returned future, never thrown, and
 * translates with {@link ApiError#of(Throwable)}.
 *
 * <p>Reads fill in status the hub does not store: pools get {@code size} and {@code allocated},
 * member clusters the live status of their agent.
 */
public final class AdminOperations {

    private final ResourceService resources;
    private final LiveStatusRegistry liveStatus;
    private final IntentStatusView intentStatus;
    private final Supplier<HubStatus> hubStatus;
    private final PoolUsage poolUsage;
    private final ClusterStatusView clusterStatus;
    private final ApplyPlanner planner;
    private final AuditQueries auditQueries;
    private final Enroller enroller;
    private final FailoverRequests failovers;

    /**
     * Creates the admin API core.
     *
     * @param resources pools, clusters and intents
     * @param store the store (status reads, dry runs, enrollment audit records)
     * @param keys the key layout
     * @param audit the audit log (whois, audit queries, enrollment records)
     * @param validator the validator dry runs use (usually {@link Validator#create()})
     * @param liveStatus the agents' live status, merged into member cluster status
     * @param enrollmentTokens issues bootstrap tokens
     * @param enrollment what enrollment responses tell the operator (hub address, pins)
     * @param hubStatus this hub's version, replicas and coordinator; connected clusters are added here
     * @param clock the time {@code whois} answers for when the request names none
     */
    public AdminOperations(ResourceService resources, Store store, Keys keys, AuditLog audit, Validator validator,
                           LiveStatusRegistry liveStatus, EnrollmentTokenService enrollmentTokens,
                           EnrollmentSettings enrollment, Supplier<HubStatus> hubStatus, Clock clock) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.liveStatus = Objects.requireNonNull(liveStatus, "liveStatus");
        this.hubStatus = Objects.requireNonNull(hubStatus, "hubStatus");
        this.poolUsage = new PoolUsage(store, keys);
        this.clusterStatus = new ClusterStatusView(store, keys, liveStatus);
        this.intentStatus = new IntentStatusView(liveStatus, clock);
        this.planner = new ApplyPlanner(new SnapshotReader(store, keys), validator);
        this.auditQueries = new AuditQueries(audit, clock);
        this.enroller = new Enroller(resources, enrollmentTokens, audit, store, enrollment);
        this.failovers = new FailoverRequests(store, keys, audit);
    }

    /**
     * Creates an object.
     *
     * @param caller who asks
     * @param kind the kind
     * @param object the object; {@code metadata.resourceVersion} empty
     * @param <T> the message type
     * @return the stored object, status included
     */
    public <T extends Message> CompletableFuture<T> create(Caller caller, ResourceKind<T> kind, T object) {
        return guarded(() -> {
            caller.require(writePermission(kind), "write " + kind.kindName());
            return resources.create(kind, object, caller.actor()).thenCompose(stored -> withStatus(kind, stored));
        });
    }

    /**
     * Replaces an object's labels, annotations and spec; a set {@code metadata.resourceVersion} must be
     * the stored one (otherwise {@link ErrorCode#CONFLICT}).
     *
     * @param caller who asks
     * @param kind the kind
     * @param object the new version
     * @param <T> the message type
     * @return the stored object, status included
     */
    public <T extends Message> CompletableFuture<T> update(Caller caller, ResourceKind<T> kind, T object) {
        return guarded(() -> {
            caller.require(writePermission(kind), "write " + kind.kindName());
            return resources.update(kind, object, caller.actor()).thenCompose(stored -> withStatus(kind, stored));
        });
    }

    /**
     * Creates the object, or updates it when it exists (with the same resourceVersion rule as update).
     *
     * @param caller who asks
     * @param kind the kind
     * @param object the object
     * @param <T> the message type
     * @return the stored object and what the apply did
     */
    public <T extends Message> CompletableFuture<Applied<T>> apply(Caller caller, ResourceKind<T> kind, T object) {
        return guarded(() -> {
            caller.require(writePermission(kind), "write " + kind.kindName());
            String name = meta(kind, object).getName();
            return resources.get(kind, name).thenCompose(existing -> existing.isPresent()
                    ? updated(caller, kind, object, meta(kind, existing.get()).getResourceVersion())
                    : resources.create(kind, object, caller.actor())
                            .thenApply(created -> new Applied<>(created, ApplyAction.CREATED))
                            .exceptionallyCompose(failure -> ApiError.unwrap(failure) instanceof AlreadyExistsException
                                    // Created by someone else since the read: apply means update then.
                                    ? updated(caller, kind, object, "")
                                    : CompletableFuture.failedFuture(failure)))
                    .thenCompose(applied -> withStatus(kind, applied.object())
                            .thenApply(shown -> new Applied<>(shown, applied.action())));
        });
    }

    private <T extends Message> CompletableFuture<Applied<T>> updated(Caller caller, ResourceKind<T> kind, T object,
                                                                       String versionBefore) {
        return resources.update(kind, object, caller.actor()).thenApply(stored -> new Applied<>(stored,
                meta(kind, stored).getResourceVersion().equals(versionBefore)
                        ? ApplyAction.UNCHANGED : ApplyAction.CONFIGURED));
    }

    /**
     * Checks a set of objects as if applied one after the other, writing nothing.
     *
     * @param caller who asks; needs write permission for every kind in the set
     * @param objects pools, member clusters and intents in apply order
     * @return what applying each would do; refusals name the object as {@code items[i]}
     */
    public CompletableFuture<ApplyPlan> plan(Caller caller, List<Message> objects) {
        return guarded(() -> {
            for (Message object : objects) {
                ResourceKind<?> kind = kindOf(object);
                caller.require(writePermission(kind), "write " + kind.kindName());
            }
            return planner.plan(objects);
        });
    }

    /**
     * Reads one object.
     *
     * @param caller who asks
     * @param kind the kind
     * @param name its name
     * @param <T> the message type
     * @return the object, status included; fails with NOT_FOUND when there is none
     */
    public <T extends Message> CompletableFuture<T> get(Caller caller, ResourceKind<T> kind, String name) {
        return guarded(() -> {
            caller.require(Permission.READ, "read " + kind.kindName());
            return resources.get(kind, name).thenCompose(found -> withStatus(kind, found.orElseThrow(
                    () -> new NotFoundException(kind.kindName(), name))));
        });
    }

    /**
     * Lists the objects of a kind whose labels match a selector.
     *
     * @param caller who asks
     * @param kind the kind
     * @param labelSelector Kubernetes selector syntax; empty for all
     * @param <T> the message type
     * @return the objects in name order, status included
     */
    public <T extends Message> CompletableFuture<List<T>> list(Caller caller, ResourceKind<T> kind,
                                                               String labelSelector) {
        return guarded(() -> {
            caller.require(Permission.READ, "list " + kind.kindName());
            Selector selector = Selector.parse(labelSelector);
            return resources.list(kind)
                    .thenApply(all -> all.stream()
                            .filter(object -> selector.matches(meta(kind, object).getLabelsMap()))
                            .toList())
                    .thenCompose(matching -> withStatus(kind, matching));
        });
    }

    /**
     * Deletes an object; an intent's addresses are released with it.
     *
     * @param caller who asks
     * @param kind the kind
     * @param name its name
     * @param resourceVersion delete only at this version; empty for any
     * @param <T> the message type
     * @return the object as it was last stored
     */
    public <T extends Message> CompletableFuture<T> delete(Caller caller, ResourceKind<T> kind, String name,
                                                           String resourceVersion) {
        return guarded(() -> {
            caller.require(writePermission(kind), "delete " + kind.kindName());
            return resources.delete(kind, name, resourceVersion, caller.actor());
        });
    }

    /**
     * Tells who held an egress IP at an instant.
     *
     * @param caller who asks
     * @param request the IP and, optionally, the instant (default now)
     * @return the holder, or {@code found: false}
     */
    public CompletableFuture<WhoisResponse> whois(Caller caller, WhoisRequest request) {
        return guarded(() -> {
            caller.require(Permission.READ, "read the audit log");
            return auditQueries.whois(request);
        });
    }

    /**
     * Reads the audit log.
     *
     * @param caller who asks
     * @param query filters: ip, resource ({@code KIND/NAME}), since, until, limit
     * @return the matching records, oldest first
     */
    public CompletableFuture<AuditRecordList> listAudit(Caller caller, AuditQuery query) {
        return guarded(() -> {
            caller.require(Permission.READ, "read the audit log");
            return auditQueries.list(query);
        });
    }

    /**
     * Moves an ActivePassive intent to another cluster and pins it there. The request is recorded at once
     * (see {@link FailoverRequests}); the coordinator carries it out with the withdrawal protocol, so the
     * returned status may still show the old cluster. Failing over to the active cluster changes nothing.
     *
     * @param caller who asks (operator or admin)
     * @param request the intent and the target cluster
     * @return the intent, status included; fails with NOT_FOUND for an unknown intent, INVALID_ARGUMENT
     *     naming {@code spec.placement.mode} (not ActivePassive) or {@code toCluster} (not a candidate)
     */
    public CompletableFuture<EgressIntent> failover(Caller caller, FailoverRequest request) {
        return guarded(() -> {
            caller.require(Permission.FAILOVER, "fail over intents");
            if (request.getIntent().isEmpty()) {
                throw ApiException.invalid("intent", "required");
            }
            if (request.getToCluster().isEmpty()) {
                throw ApiException.invalid("toCluster", "required");
            }
            return failovers.request(request, caller.actor())
                    .thenCompose(intent -> withStatus(ResourceKind.INTENT, intent));
        });
    }

    /**
     * Issues a bootstrap token for a cluster, creating the member cluster when it does not exist.
     *
     * @param caller who asks
     * @param request the cluster, ttl, labels and (for a new cluster) backend
     * @return the token, the hub CA fingerprint, the signing key id and the agent install command
     */
    public CompletableFuture<EnrollmentTokenResponse> createEnrollmentToken(Caller caller,
                                                                            EnrollmentTokenRequest request) {
        return guarded(() -> {
            caller.require(Permission.ENROLL, "enroll clusters");
            return enroller.enroll(caller, request);
        });
    }

    /**
     * Describes the hub.
     *
     * @param caller who asks
     * @return version, replicas, coordinator and the clusters whose agents are connected
     */
    public CompletableFuture<HubStatus> status(Caller caller) {
        return guarded(() -> {
            caller.require(Permission.READ, "read the hub status");
            return CompletableFuture.completedFuture(hubStatus.get().toBuilder()
                    .clearConnectedClusters()
                    .addAllConnectedClusters(liveStatus.all().stream().filter(LiveStatus::connected)
                            .map(LiveStatus::cluster).toList())
                    .build());
        });
    }

    /**
     * The resource kind of a message.
     *
     * @param object a pool, member cluster or intent
     * @return its kind
     * @throws IllegalArgumentException for any other message
     */
    public static ResourceKind<?> kindOf(Message object) {
        if (object instanceof EgressIPPool) {
            return ResourceKind.POOL;
        }
        if (object instanceof MemberCluster) {
            return ResourceKind.CLUSTER;
        }
        if (object instanceof EgressIntent) {
            return ResourceKind.INTENT;
        }
        throw new IllegalArgumentException(object.getDescriptorForType().getName()
                + " is not a resource kind; kinds: EgressIPPool, MemberCluster, EgressIntent");
    }

    private static Permission writePermission(ResourceKind<?> kind) {
        if (kind == ResourceKind.POOL) {
            return Permission.WRITE_POOLS;
        }
        return kind == ResourceKind.CLUSTER ? Permission.WRITE_CLUSTERS : Permission.WRITE_INTENTS;
    }

    private <T extends Message> CompletableFuture<T> withStatus(ResourceKind<T> kind, T object) {
        return withStatus(kind, List.of(object)).thenApply(shown -> shown.get(0));
    }

    @SuppressWarnings("unchecked")
    private <T extends Message> CompletableFuture<List<T>> withStatus(ResourceKind<T> kind, List<T> objects) {
        if (kind == ResourceKind.POOL) {
            return poolUsage.withUsage((List<EgressIPPool>) objects).thenApply(shown -> (List<T>) shown);
        }
        if (kind == ResourceKind.CLUSTER) {
            return clusterStatus.withLiveStatus((List<MemberCluster>) objects).thenApply(shown -> (List<T>) shown);
        }
        return CompletableFuture.completedFuture((List<T>) intentStatus.withLiveStatus((List<EgressIntent>) objects));
    }

    private static ObjectMeta meta(ResourceKind<?> kind, Message object) {
        if (object instanceof EgressIPPool pool) {
            return pool.getMetadata();
        }
        if (object instanceof MemberCluster cluster) {
            return cluster.getMetadata();
        }
        if (object instanceof EgressIntent intent) {
            return intent.getMetadata();
        }
        throw new IllegalArgumentException(object.getDescriptorForType().getName() + " is not a " + kind.kindName());
    }

    /** Turns what a step throws at once (a refused role, a bad argument) into a failed future. */
    private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}

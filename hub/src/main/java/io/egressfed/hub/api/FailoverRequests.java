package io.egressfed.hub.api;

import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.FailoverRequest;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.hub.audit.AuditEvents;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.coordinator.PlacementDecider;
import io.egressfed.hub.state.NotFoundException;
import io.egressfed.hub.state.Snapshot;
import io.egressfed.hub.state.SnapshotReader;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.TypedKeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Records manual failover requests. The request is the {@code pinned_cluster} of the intent's placement
 * record, written in one transaction guarded by the record's mod revision (or its absence) together with
 * an audit record of who asked; the coordinator, which watches placements, carries the move out with the
 * withdrawal protocol and keeps the intent there (no Auto failback) until that cluster is unhealthy.
 */
final class FailoverRequests {

    private static final Codec<PlacementDecision> PLACEMENTS = Codec.of(PlacementDecision.getDefaultInstance());
    /** Attempts when the coordinator rewrites the record between our read and our write. */
    private static final int ATTEMPTS = 5;

    private final Store store;
    private final Keys keys;
    private final AuditLog audit;
    private final SnapshotReader snapshots;
    private final PlacementDecider decider = new PlacementDecider();

    FailoverRequests(Store store, Keys keys, AuditLog audit) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.snapshots = new SnapshotReader(store, keys);
    }

    /**
     * Validates a request and records it.
     *
     * @param request intent and target cluster (both non-empty)
     * @param actor who asks, for the audit record
     * @return the intent; fails with NOT_FOUND for an unknown intent, INVALID_ARGUMENT naming
     *     {@code spec.placement.mode} or {@code toCluster}, CONFLICT when the record kept changing
     */
    CompletableFuture<EgressIntent> request(FailoverRequest request, String actor) {
        return snapshots.read().thenCompose(snapshot -> {
            EgressIntent intent = validate(snapshot, request);
            return record(request, actor, ATTEMPTS).thenApply(ignored -> intent);
        });
    }

    private EgressIntent validate(Snapshot snapshot, FailoverRequest request) {
        TypedKeyValue<EgressIntent> stored = snapshot.intents().get(request.getIntent());
        if (stored == null) {
            throw new NotFoundException(AuditEvents.INTENT_KIND, request.getIntent());
        }
        EgressIntent intent = stored.value();
        PlacementMode mode = intent.getSpec().getPlacement().getMode();
        if (mode != PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE) {
            throw ApiException.invalid("spec.placement.mode", "intent \"" + request.getIntent() + "\" is "
                    + (mode == PlacementMode.PLACEMENT_MODE_PER_CLUSTER ? "PerCluster" : mode)
                    + "; only ActivePassive intents fail over");
        }
        List<String> candidates = decider.candidates(intent, values(snapshot.pools()), values(snapshot.clusters()));
        if (!candidates.contains(request.getToCluster())) {
            throw ApiException.invalid("toCluster", "\"" + request.getToCluster() + "\" is not a candidate of intent \""
                    + request.getIntent() + "\" (its placement and pool select " + candidates + ")");
        }
        return intent;
    }

    private CompletableFuture<Void> record(FailoverRequest request, String actor, int attemptsLeft) {
        String key = keys.placement(request.getIntent());
        return store.get(key).thenCompose(found -> {
            Optional<PlacementDecision> current = found.map(kv -> PLACEMENTS.decode(kv).value());
            String to = request.getToCluster();
            if (current.isPresent() && alreadyThere(current.get(), to)) {
                return CompletableFuture.completedFuture(null);
            }
            PlacementDecision pinned = current.orElse(PlacementDecision.newBuilder()
                    .setIntent(request.getIntent()).build()).toBuilder().setPinnedCluster(to).build();
            List<Op> ops = new ArrayList<>();
            ops.add(Op.put(key, PLACEMENTS.encode(pinned)));
            ops.addAll(audit.append(AuditRecord.newBuilder()
                    .setAction(AuditAction.AUDIT_ACTION_FAILOVER)
                    .setKind(AuditEvents.INTENT_KIND)
                    .setName(request.getIntent())
                    .setActor(actor)
                    .setMessage("manual failover to " + to + " requested")
                    .build()));
            Compare unchanged = found.map(kv -> Compare.modRevision(key, kv.modRevision()))
                    .orElse(Compare.absent(key));
            return store.commit(Txn.when(unchanged).then(ops).build()).thenCompose(result -> {
                if (result.succeeded()) {
                    return CompletableFuture.completedFuture(null);
                }
                if (attemptsLeft <= 1) {
                    throw new ApiException(ErrorCode.CONFLICT, "the placement of intent \"" + request.getIntent()
                            + "\" kept changing; retry the failover", List.of());
                }
                return record(request, actor, attemptsLeft - 1);
            });
        });
    }

    /** Active there and already pinned or nothing else is moving: nothing to ask for. */
    private static boolean alreadyThere(PlacementDecision current, String to) {
        boolean activeThere = current.getActiveClustersList().equals(List.of(to)) && current.getFencedClustersCount() == 0;
        boolean movingThere = current.getPinnedCluster().equals(to);
        return activeThere || movingThere;
    }

    private static <T extends com.google.protobuf.Message> Map<String, T> values(Map<String, TypedKeyValue<T>> typed) {
        Map<String, T> values = new HashMap<>();
        typed.forEach((name, kv) -> values.put(name, kv.value()));
        return values;
    }
}

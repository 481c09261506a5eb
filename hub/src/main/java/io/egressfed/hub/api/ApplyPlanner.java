package io.egressfed.hub.api;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.ApplyPlan;
import io.egressfed.api.v1alpha1.ApplyPlanItem;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.hub.state.Snapshot;
import io.egressfed.hub.state.SnapshotReader;
import io.egressfed.hub.store.TypedKeyValue;
import io.egressfed.hub.validate.Defaults;
import io.egressfed.hub.validate.ValidationException;
import io.egressfed.hub.validate.Validator;
import io.egressfed.hub.validate.World;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Checks a whole set of objects before any of them is applied (a dry run): each object is validated
 * against what is stored PLUS the objects before it in the set, exactly as applying them one after the
 * other would, so that a file holding pools and the intents that use them passes, and a set with one
 * bad object is refused before anything is written. Nothing is written here.
 *
 * <p>Errors name the object by its index in the set: {@code items[2].spec.cidrs[0]}.
 */
final class ApplyPlanner {

    private final SnapshotReader snapshots;
    private final Validator validator;

    ApplyPlanner(SnapshotReader snapshots, Validator validator) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /**
     * Plans the set.
     *
     * @param objects pools, member clusters and intents, in the order they would be applied
     * @return what applying each would do; fails with {@link ApiException} naming the first refused object
     */
    CompletableFuture<ApplyPlan> plan(List<Message> objects) {
        return snapshots.read().thenApply(snapshot -> plan(objects, snapshot));
    }

    private ApplyPlan plan(List<Message> objects, Snapshot snapshot) {
        Draft draft = new Draft(snapshot);
        ApplyPlan.Builder plan = ApplyPlan.newBuilder();
        for (int i = 0; i < objects.size(); i++) {
            Message object = objects.get(i);
            String item = "items[" + i + "]";
            String kind = object.getDescriptorForType().getName();
            ObjectMeta meta = metadata(object);
            try {
                ApplyAction action = draft.apply(object, meta);
                plan.addItems(ApplyPlanItem.newBuilder().setKind(kind).setName(meta.getName())
                        .setAction(action.wireName()));
            } catch (ValidationException invalid) {
                throw new ApiException(ErrorCode.INVALID_ARGUMENT, item + ": " + invalid.getMessage(),
                        invalid.errors().stream()
                                .map(error -> ApiError.violation(prefixed(item, error.field()), error.reason()))
                                .toList());
            } catch (ApiException refused) {
                throw new ApiException(refused.code(), item + ": " + refused.getMessage(), refused.details().stream()
                        .map(detail -> detail.toBuilder().setField(prefixed(item, detail.getField())).build())
                        .toList());
            }
        }
        return plan.build();
    }

    private static String prefixed(String item, String field) {
        return field.isEmpty() ? item : item + "." + field;
    }

    private static ObjectMeta metadata(Message object) {
        if (object instanceof EgressIPPool pool) {
            return pool.getMetadata();
        }
        if (object instanceof MemberCluster cluster) {
            return cluster.getMetadata();
        }
        if (object instanceof EgressIntent intent) {
            return intent.getMetadata();
        }
        throw new IllegalArgumentException(object.getDescriptorForType().getName()
                + " cannot be applied; kinds: EgressIPPool, MemberCluster, EgressIntent");
    }

    /** The stored world with the set's objects applied so far. */
    private final class Draft {
        private final Map<String, EgressIPPool> pools = new TreeMap<>();
        private final Map<String, MemberCluster> clusters = new TreeMap<>();
        private final Map<String, EgressIntent> intents = new TreeMap<>();
        private final Map<String, Long> revisions = new HashMap<>();
        private final World stored;

        Draft(Snapshot snapshot) {
            snapshot.pools().forEach((name, kv) -> remember("EgressIPPool", name, kv, pools));
            snapshot.clusters().forEach((name, kv) -> remember("MemberCluster", name, kv, clusters));
            snapshot.intents().forEach((name, kv) -> remember("EgressIntent", name, kv, intents));
            stored = snapshot.world();
        }

        private <T extends Message> void remember(String kind, String name, TypedKeyValue<T> kv, Map<String, T> into) {
            into.put(name, kv.value());
            revisions.put(kind + "/" + name, kv.modRevision());
        }

        ApplyAction apply(Message object, ObjectMeta meta) {
            String kind = object.getDescriptorForType().getName();
            String name = meta.getName();
            checkResourceVersion(kind, meta, revisions.get(kind + "/" + name));
            World world = new World(pools, clusters, intents, stored.allocations());
            ObjectMeta cleared = hubOwnedCleared(meta);
            if (object instanceof EgressIPPool pool) {
                EgressIPPool previous = pools.get(name);
                EgressIPPool.Builder candidate = pool.toBuilder().setMetadata(cleared).clearStatus();
                if (previous != null) {
                    candidate.setStatus(previous.getStatus());
                }
                validator.validatePool(candidate.build(), world);
                pools.put(name, candidate.build());
                return previous == null ? ApplyAction.CREATED
                        : action(previous.getMetadata(), previous.getSpec(), meta, candidate.getSpec());
            }
            if (object instanceof MemberCluster cluster) {
                MemberCluster previous = clusters.get(name);
                MemberCluster.Builder candidate = cluster.toBuilder().setMetadata(cleared).clearStatus();
                if (previous != null) {
                    candidate.setStatus(previous.getStatus());
                }
                validator.validateCluster(candidate.build(), world);
                clusters.put(name, candidate.build());
                return previous == null ? ApplyAction.CREATED
                        : action(previous.getMetadata(), previous.getSpec(), meta, candidate.getSpec());
            }
            EgressIntent previous = intents.get(name);
            EgressIntent.Builder candidate = Defaults.apply((EgressIntent) object).toBuilder().setMetadata(cleared)
                    .clearStatus();
            if (previous != null) {
                candidate.setStatus(previous.getStatus());
            }
            validator.validateIntent(candidate.build(), world);
            intents.put(name, candidate.build());
            return previous == null ? ApplyAction.CREATED
                    : action(previous.getMetadata(), previous.getSpec(), meta, candidate.getSpec());
        }

        /** An object planned earlier in the set has no revision yet: its version cannot be asked for. */
        private void checkResourceVersion(String kind, ObjectMeta meta, Long revision) {
            String asked = meta.getResourceVersion();
            if (asked.isEmpty()) {
                return;
            }
            if (revision == null) {
                throw ApiException.invalid("metadata.resourceVersion", "must be empty: " + kind + " \""
                        + meta.getName() + "\" does not exist yet, and the hub sets the version on create");
            }
            if (!asked.equals(Long.toString(revision))) {
                String reason = "was modified: the request is based on resourceVersion " + asked
                        + ", the stored object has resourceVersion " + revision + "; read it again and retry";
                throw new ApiException(ErrorCode.CONFLICT, kind + " \"" + meta.getName() + "\" " + reason,
                        List.of(ApiError.violation("metadata.resourceVersion", reason)));
            }
        }

        /** Labels, annotations and spec are the caller's; the rest of metadata and the status are the hub's. */
        private ApplyAction action(ObjectMeta storedMeta, Message storedSpec, ObjectMeta applied, Message appliedSpec) {
            boolean same = storedMeta.getLabelsMap().equals(applied.getLabelsMap())
                    && storedMeta.getAnnotationsMap().equals(applied.getAnnotationsMap())
                    && storedSpec.equals(appliedSpec);
            return same ? ApplyAction.UNCHANGED : ApplyAction.CONFIGURED;
        }
    }

    /** Metadata as the hub would store it for validation: hub-owned fields are not the caller's to set. */
    private static ObjectMeta hubOwnedCleared(ObjectMeta meta) {
        return meta.toBuilder().clearResourceVersion().clearGeneration().clearCreationTimestamp().build();
    }
}

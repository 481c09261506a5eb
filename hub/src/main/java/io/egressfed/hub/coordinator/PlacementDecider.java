package io.egressfed.hub.coordinator;

import com.google.protobuf.util.Timestamps;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.hub.net.Selector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where an ActivePassive intent is active. Pure: the same inputs give the same decision.
 *
 * <p>Candidates are the clusters the intent's placement selects and where its pool is routable,
 * in {@code preference} order (then by name for clusters the preference does not list). A decision
 * that still names a candidate is kept (failover is the failover issue's job: health-aware
 * placement, leases and fencing); a decision whose active cluster vanished, or none at all, moves
 * to the first candidate with a new epoch.
 */
public final class PlacementDecider {

    /**
     * The decision to write for one intent, if it differs from the current one.
     *
     * @param intent the intent (ActivePassive; anything else gets no decision)
     * @param pools pools by name
     * @param clusters member clusters by name
     * @param current the stored decision, if any
     * @param now the decision time
     * @return the new decision, or empty when the current one stands (or the intent has no candidate
     *     and no decision)
     */
    public Optional<PlacementDecision> decide(EgressIntent intent, Map<String, EgressIPPool> pools,
                                              Map<String, MemberCluster> clusters,
                                              Optional<PlacementDecision> current, Instant now) {
        if (intent.getSpec().getPlacement().getMode() != PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE) {
            return Optional.empty();
        }
        List<String> candidates = candidates(intent, pools, clusters);
        String name = intent.getMetadata().getName();
        if (current.isPresent()) {
            List<String> active = current.get().getActiveClustersList();
            if (!active.isEmpty() && candidates.containsAll(active)) {
                return Optional.empty();
            }
        }
        long epoch = current.map(PlacementDecision::getEpoch).orElse(0L) + 1;
        if (candidates.isEmpty()) {
            if (current.isEmpty() || current.get().getActiveClustersCount() == 0) {
                return Optional.empty();
            }
            return Optional.of(decision(name, List.of(), epoch, now, "no candidate cluster left"));
        }
        String target = candidates.get(0);
        String reason = current.isEmpty() ? "initial placement on " + target
                : "active cluster no longer a candidate; moved to " + target;
        return Optional.of(decision(name, List.of(target), epoch, now, reason));
    }

    /**
     * The clusters an ActivePassive intent may be active in, in order of preference.
     *
     * @param intent the intent
     * @param pools pools by name
     * @param clusters clusters by name
     * @return candidate cluster names, most preferred first
     */
    public List<String> candidates(EgressIntent intent, Map<String, EgressIPPool> pools,
                                   Map<String, MemberCluster> clusters) {
        EgressIPPool pool = pools.get(intent.getSpec().getEgressIp().getPool());
        if (pool == null) {
            return List.of();
        }
        Selector placement = Selector.fromProto(intent.getSpec().getPlacement().getClusterSelector());
        Selector routable = Selector.fromProto(pool.getSpec().getClusterSelector());
        List<String> ordered = new ArrayList<>();
        for (String preferred : intent.getSpec().getPlacement().getPreferenceList()) {
            if (!ordered.contains(preferred)) {
                ordered.add(preferred);
            }
        }
        clusters.keySet().stream().sorted().filter(c -> !ordered.contains(c)).forEach(ordered::add);
        List<String> candidates = new ArrayList<>();
        for (String cluster : ordered) {
            MemberCluster member = clusters.get(cluster);
            if (member == null) {
                continue;
            }
            Map<String, String> labels = member.getMetadata().getLabelsMap();
            if (placement.matches(labels) && routable.matches(labels)) {
                candidates.add(cluster);
            }
        }
        return candidates;
    }

    private static PlacementDecision decision(String intent, List<String> active, long epoch, Instant now,
                                              String reason) {
        return PlacementDecision.newBuilder()
                .setIntent(intent)
                .addAllActiveClusters(active)
                .setEpoch(epoch)
                .setDecidedAt(Timestamps.fromMillis(now.toEpochMilli()))
                .setReason(reason)
                .build();
    }
}

package io.egressfed.hub.coordinator;

import com.google.protobuf.util.Timestamps;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.Failback;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.hub.net.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides where an ActivePassive intent is active, and moves it without ever letting two clusters hold
 * its IP. A pure function of its arguments: no clock, no I/O, no state.
 *
 * <p>Candidates are the clusters the intent's placement selects and where its pool is routable, in
 * {@code preference} order (then by name). The record goes through these states (see
 * FAILOVER_PROTOCOL.md):
 * <ul>
 *   <li>none (or nothing active, nothing fenced): straight to ACTIVE on the pinned cluster if any, else
 *       the first healthy candidate, else the first candidate — nobody holds the IP yet;
 *   <li>ACTIVE(C), epoch e: stays while C is a healthy candidate, unless a pin names another healthy
 *       candidate (manual failover) or, with failback Auto and no pin, a more preferred candidate has
 *       been healthy for the stabilization period. Otherwise, when C is unhealthy and another candidate
 *       is healthy, or C is no longer a candidate: WITHDRAWING, epoch e+1, C fenced, with a target;
 *   <li>WITHDRAWING, epoch e+1: ACTIVE on the target at epoch e+2 once every fenced cluster ACKed a
 *       version at least the one that carried its FENCED assignment (fast path), or once
 *       {@code lease + margin} passed since the withdrawal (timeout path); until then it waits.
 * </ul>
 * A pin is cleared as soon as its cluster is unhealthy or no longer a candidate.
 */
public final class PlacementDecider {

    /**
     * The step to take for one intent.
     *
     * @param intent the intent (ActivePassive; anything else is kept as is)
     * @param pools pools by name
     * @param clusters member clusters by name
     * @param current the stored record, if any
     * @param withdrawal when the current record is WITHDRAWING: when it started and which versions carried
     *     the FENCED assignments; ignored otherwise
     * @param context health, time and settings
     * @return what to do
     */
    public PlacementStep decide(EgressIntent intent, Map<String, EgressIPPool> pools,
                                Map<String, MemberCluster> clusters, Optional<PlacementDecision> current,
                                Withdrawal withdrawal, DecisionContext context) {
        if (intent.getSpec().getPlacement().getMode() != PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE) {
            return PlacementStep.keep();
        }
        return new Decision(intent, candidates(intent, pools, clusters),
                current.orElse(PlacementDecision.getDefaultInstance()), withdrawal, context).step();
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

    /** One call of {@link #decide}. */
    private static final class Decision {
        private final String name;
        private final List<String> candidates;
        private final PlacementDecision current;
        private final Withdrawal withdrawal;
        private final DecisionContext context;
        private final boolean autoFailback;
        private final String pin;
        private final String pinNote;

        Decision(EgressIntent intent, List<String> candidates, PlacementDecision current, Withdrawal withdrawal,
                 DecisionContext context) {
            this.name = intent.getMetadata().getName();
            this.candidates = candidates;
            this.current = current;
            this.withdrawal = withdrawal;
            this.context = context;
            this.autoFailback = intent.getSpec().getPlacement().getFailback() != Failback.FAILBACK_MANUAL;
            String stored = current.getPinnedCluster();
            boolean pinHolds = !stored.isEmpty() && candidates.contains(stored) && healthy(stored);
            this.pin = pinHolds ? stored : "";
            this.pinNote = stored.isEmpty() || pinHolds ? ""
                    : "; pin on " + stored + " cleared (" + (candidates.contains(stored) ? "unhealthy"
                    : "not a candidate") + ")";
        }

        PlacementStep step() {
            List<String> active = current.getActiveClustersList();
            List<String> fenced = current.getFencedClustersList();
            if (!fenced.isEmpty() && active.isEmpty()) {
                return whileWithdrawing(fenced);
            }
            if (!fenced.isEmpty() || active.size() > 1) {
                List<String> all = new ArrayList<>(active);
                fenced.stream().filter(c -> !all.contains(c)).forEach(all::add);
                return withdraw(all, target(current.getTargetCluster()), FailoverReason.REPAIR,
                        "inconsistent record (active " + active + ", fenced " + fenced + ")");
            }
            if (active.isEmpty()) {
                return firstPlacement();
            }
            return whileActive(active.get(0));
        }

        private PlacementStep firstPlacement() {
            if (candidates.isEmpty()) {
                return pinChanged() ? PlacementStep.update(same("no candidate cluster")) : PlacementStep.keep();
            }
            String target = target("");
            return PlacementStep.activate(record(List.of(target), List.of(), "", current.getEpoch() + 1,
                    "initial placement on " + target), "");
        }

        private PlacementStep whileActive(String active) {
            if (!candidates.contains(active)) {
                return withdraw(List.of(active), target(""), FailoverReason.NOT_CANDIDATE,
                        active + " is no longer a candidate");
            }
            if (!pin.isEmpty() && !pin.equals(active)) {
                return withdraw(List.of(active), pin, FailoverReason.MANUAL, "manual failover to " + pin);
            }
            if (!healthy(active)) {
                Optional<String> healthyOther = candidates.stream()
                        .filter(c -> !c.equals(active) && healthy(c)).findFirst();
                if (healthyOther.isPresent()) {
                    return withdraw(List.of(active), healthyOther.get(), FailoverReason.UNHEALTHY,
                            active + " is unhealthy");
                }
                return pinChanged() ? PlacementStep.update(same(active + " is unhealthy, no healthy candidate"))
                        : PlacementStep.keep();
            }
            if (pinChanged()) {
                return PlacementStep.update(same("active on " + active));
            }
            if (!pin.isEmpty() || !autoFailback) {
                return PlacementStep.keep();
            }
            OptionalLong earliest = OptionalLong.empty();
            for (String preferred : candidates.subList(0, candidates.indexOf(active))) {
                if (!healthy(preferred)) {
                    continue;
                }
                long stableAt = context.health().stableSince(preferred).orElse(context.nowNanos())
                        + context.settings().stabilization().toNanos();
                if (context.nowNanos() - stableAt >= 0) {
                    return withdraw(List.of(active), preferred, FailoverReason.FAILBACK,
                            "failback to " + preferred + ", healthy for "
                                    + context.settings().stabilization().toMillis() + " ms");
                }
                earliest = OptionalLong.of(earliest.isEmpty() ? stableAt : Math.min(earliest.getAsLong(), stableAt));
            }
            return earliest.isPresent() ? PlacementStep.waitUntil(earliest.getAsLong()) : PlacementStep.keep();
        }

        private PlacementStep whileWithdrawing(List<String> fenced) {
            String target = target(current.getTargetCluster());
            String from = String.join(",", fenced);
            if (target.isEmpty()) {
                return pinChanged() ? PlacementStep.update(withTarget("", "withdrawn from " + from))
                        : PlacementStep.keep();
            }
            boolean acknowledged = fenced.stream().allMatch(cluster -> {
                Long carrying = withdrawal.fencedVersions().get(cluster);
                return carrying != null && context.health().appliedVersion(cluster) >= carrying;
            });
            long deadline = withdrawal.sinceNanos() + context.settings().withdrawalTimeout().toNanos();
            boolean expired = context.nowNanos() - deadline >= 0;
            if (acknowledged || expired) {
                String how = acknowledged ? from + " ACKed its withdrawal"
                        : "lease + margin (" + context.settings().withdrawalTimeout().toMillis()
                        + " ms) passed since the withdrawal from " + from;
                return PlacementStep.activate(record(List.of(target), List.of(), "", current.getEpoch() + 1,
                        "activated " + target + ": " + how), from);
            }
            if (pinChanged() || !target.equals(current.getTargetCluster())) {
                return PlacementStep.update(withTarget(target, "withdrawing from " + from + ", target " + target));
            }
            return PlacementStep.waitUntil(deadline);
        }

        private PlacementStep withdraw(List<String> from, String target, FailoverReason reason, String why) {
            return PlacementStep.withdraw(record(List.of(), from, target, current.getEpoch() + 1,
                    "withdrawing from " + String.join(",", from) + (target.isEmpty() ? "" : " to " + target)
                            + ": " + why), String.join(",", from), reason);
        }

        /**
         * The cluster to activate: the pin; else the recorded target while it is a healthy candidate; else
         * the first healthy candidate; else the recorded target while a candidate; else the first candidate.
         */
        private String target(String recorded) {
            if (!pin.isEmpty()) {
                return pin;
            }
            if (candidates.contains(recorded) && healthy(recorded)) {
                return recorded;
            }
            Optional<String> firstHealthy = candidates.stream()
                    .filter(this::healthy).findFirst();
            if (firstHealthy.isPresent()) {
                return firstHealthy.get();
            }
            if (candidates.contains(recorded)) {
                return recorded;
            }
            return candidates.isEmpty() ? "" : candidates.get(0);
        }

        private boolean healthy(String cluster) {
            return context.health().healthy(cluster, name);
        }

        private boolean pinChanged() {
            return !pin.equals(current.getPinnedCluster());
        }

        private PlacementDecision same(String why) {
            return withTarget(current.getTargetCluster(), why);
        }

        private PlacementDecision withTarget(String target, String why) {
            return record(current.getActiveClustersList(), current.getFencedClustersList(), target,
                    current.getEpoch(), why);
        }

        private PlacementDecision record(List<String> active, List<String> fenced, String target, long epoch,
                                         String why) {
            return PlacementDecision.newBuilder()
                    .setIntent(name)
                    .addAllActiveClusters(active)
                    .addAllFencedClusters(fenced)
                    .setTargetCluster(target)
                    .setPinnedCluster(pin)
                    .setEpoch(epoch)
                    .setDecidedAt(Timestamps.fromMillis(context.now().toEpochMilli()))
                    .setReason(why + pinNote)
                    .build();
        }
    }
}

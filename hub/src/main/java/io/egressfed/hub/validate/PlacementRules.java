package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.Failback;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.Placement;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.hub.net.Selector;
import java.util.List;
import java.util.Optional;

/**
 * The rules of an intent's placement. Fields that mean nothing in the chosen mode are refused rather
 * than ignored, as Kubernetes does, so that a user who believes {@code preference} orders a PerCluster
 * intent learns otherwise before relying on it.
 */
final class PlacementRules {
    private PlacementRules() {
    }

    /** Checks the placement and returns its cluster selector when it parses. */
    static Optional<Selector> check(Placement placement, Optional<PoolShape> pool, World world, Errors errors) {
        EnumNames.requiredProblem(placement.getModeValue(), PlacementMode.getDescriptor())
                .ifPresent(reason -> errors.add("spec.placement.mode", reason));
        Optional<Selector> selector =
                SelectorRules.check(placement.getClusterSelector(), "spec.placement.clusterSelector", errors);
        boolean perCluster = placement.getMode() == PlacementMode.PLACEMENT_MODE_PER_CLUSTER;
        EnumNames.unknownProblem(placement.getFailbackValue(), Failback.getDescriptor())
                .ifPresent(reason -> errors.add("spec.placement.failback", reason));
        if (perCluster && placement.getFailback() != Failback.FAILBACK_UNSPECIFIED) {
            errors.add("spec.placement.failback", "only used with mode ActivePassive");
        }
        if (perCluster && placement.getPreferenceCount() > 0) {
            errors.add("spec.placement.preference",
                    "only used with mode ActivePassive; a PerCluster intent is active in every selected cluster");
        } else {
            checkPreference(placement.getPreferenceList(), selector, world, errors);
        }
        if (placement.getMode() == PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE && pool.isPresent() && selector.isPresent()) {
            checkRoutable(placement.getPreferenceList(), selector.get(), pool.get(), world, errors);
        }
        return selector;
    }

    private static void checkPreference(List<String> preference, Optional<Selector> selector, World world, Errors errors) {
        for (int i = 0; i < preference.size(); i++) {
            String field = "spec.placement.preference[" + i + "]";
            String name = preference.get(i);
            int duplicate = preference.subList(0, i).indexOf(name);
            Optional<MemberCluster> cluster = world.cluster(name);
            if (duplicate >= 0) {
                errors.add(field, "duplicate of spec.placement.preference[" + duplicate + "]");
            } else if (cluster.isEmpty()) {
                errors.add(field, "cluster \"" + name + "\" does not exist");
            } else if (selector.isPresent() && !SelectorRules.matches(selector, cluster.get())) {
                errors.add(field, "cluster \"" + name + "\" is not selected by spec.placement.clusterSelector ("
                        + SelectorRules.describe(selector.get()) + ")");
            }
        }
    }

    /**
     * One ActivePassive address moves between every candidate cluster, so the pool must be routable in
     * each of them, not only in the preferred ones.
     */
    private static void checkRoutable(
            List<String> preference, Selector selector, PoolShape pool, World world, Errors errors) {
        for (MemberCluster cluster : world.clusters().values()) {
            String name = cluster.getMetadata().getName();
            if (!selector.matches(cluster.getMetadata().getLabelsMap()) || pool.isRoutableIn(cluster)) {
                continue;
            }
            int index = preference.indexOf(name);
            String field = index >= 0 ? "spec.placement.preference[" + index + "]" : "spec.placement.clusterSelector";
            errors.add(field, "pool \"" + pool.name() + "\" is not routable in cluster \"" + name
                    + "\" (pool clusterSelector: " + SelectorRules.describe(pool.clusterSelector()) + ")");
        }
    }
}

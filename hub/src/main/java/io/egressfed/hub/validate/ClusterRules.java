package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import java.util.Optional;

/** The rules of one member cluster and of the intents that select it. */
final class ClusterRules {
    /** Linux IFNAMSIZ is 16 bytes including the terminating NUL. */
    private static final int MAX_INTERFACE_NAME = 15;

    private ClusterRules() {
    }

    static void check(MemberCluster cluster, World world, Errors errors) {
        MetadataRules.check(cluster.getMetadata(), errors);
        MetadataRules.checkSize(cluster, errors);
        EnumNames.requiredProblem(cluster.getSpec().getBackendValue(), Backend.getDescriptor())
                .ifPresent(reason -> errors.add("spec.backend", reason));
        SelectorRules.check(cluster.getSpec().getGateway().getNodeSelector(), "spec.gateway.nodeSelector", errors);
        String networkInterface = cluster.getSpec().getGateway().getInterface();
        if (!networkInterface.isEmpty()) {
            interfaceProblem(networkInterface).ifPresent(reason -> errors.add("spec.gateway.interface", reason));
            Backend backend = cluster.getSpec().getBackend();
            boolean knownBackend = backend != Backend.BACKEND_UNSPECIFIED && backend != Backend.UNRECOGNIZED;
            if (knownBackend && backend != Backend.BACKEND_CILIUM) {
                errors.add("spec.gateway.interface", "only the cilium backend uses an egress interface");
            }
        }
        checkIntentsSelecting(cluster, world, errors);
    }

    /** Checks that no stored intent names the cluster in its preference list, so that it may be deleted. */
    static void checkDeletion(String name, World world, Errors errors) {
        for (EgressIntent intent : world.intents().values()) {
            if (IntentView.of(intent).prefers(name)) {
                errors.add("", "intent \"" + intent.getMetadata().getName()
                        + "\" names this cluster in spec.placement.preference; remove it there first");
            }
        }
    }

    /**
     * The same cross-object rules as the intent rules, seen from the cluster: its backend must express
     * every intent that selects it, and ActivePassive intents need their pool routable here.
     */
    private static void checkIntentsSelecting(MemberCluster cluster, World world, Errors errors) {
        String name = cluster.getMetadata().getName();
        for (EgressIntent intent : world.intents().values()) {
            IntentView view = IntentView.of(intent);
            if (!view.selects(cluster)) {
                if (view.prefers(name)) {
                    errors.add("metadata.labels", "intent \"" + view.name() + "\" names this cluster in"
                            + " spec.placement.preference, but its clusterSelector would no longer select it");
                }
                continue;
            }
            for (BackendLimits.Limit limit : BackendLimits.of(intent.getSpec(), cluster.getSpec().getBackend())) {
                errors.add("spec.backend", EnumNames.of(cluster.getSpec().getBackend()) + " cannot express intent \""
                        + view.name() + "\": " + limit.field() + ": " + limit.reason());
            }
            if (view.isActivePassive()) {
                Optional<PoolShape> pool = world.pool(view.poolName()).flatMap(PoolShape::of);
                if (pool.isPresent() && !pool.get().isRoutableIn(cluster)) {
                    errors.add("metadata.labels", "ActivePassive intent \"" + view.name() + "\" selects this cluster, but "
                            + pool.get().describe() + " is not routable here (pool clusterSelector: "
                            + SelectorRules.describe(pool.get().clusterSelector()) + ")");
                }
            }
        }
    }

    /** Linux dev_valid_name(), plus printable ASCII only, since the name ends up in manifests and logs. */
    private static Optional<String> interfaceProblem(String name) {
        if (name.length() > MAX_INTERFACE_NAME) {
            return Optional.of("\"" + name + "\" is longer than " + MAX_INTERFACE_NAME + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("\"" + name + "\" is not an interface name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || c <= ' ' || c > '~') {
                return Optional.of("\"" + name + "\" is not an interface name: no '/', ':', whitespace or"
                        + " non-printable characters");
            }
        }
        return Optional.empty();
    }
}

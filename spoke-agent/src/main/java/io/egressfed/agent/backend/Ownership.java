package io.egressfed.agent.backend;

import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The labels and annotations by which egressfed marks what it owns and reads what it needs from the
 * cluster. Everything the agent writes carries {@link #MANAGED_BY} and {@link #INTENT}; the agent
 * lists and watches its objects by {@link #MANAGED_BY} alone, so an object carrying it is the agent's
 * to change and delete.
 */
public final class Ownership {

    /** Label on every object the agent writes. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY}. */
    public static final String MANAGED_BY_VALUE = "egressfed";
    /** Label naming the intent an object serves. */
    public static final String INTENT = "egressfed.io/intent";
    /**
     * Label naming the placement mode of the assignment an object serves ({@link #MODE_ACTIVE_PASSIVE} or
     * {@link #MODE_PER_CLUSTER}). A restarted agent fences the ActivePassive ones before it does anything
     * else, without knowing the config, and leaves the PerCluster ones alone.
     */
    public static final String MODE = "egressfed.io/mode";
    /** {@link #MODE} of an ActivePassive assignment's objects. */
    public static final String MODE_ACTIVE_PASSIVE = "ActivePassive";
    /** {@link #MODE} of a PerCluster assignment's objects. */
    public static final String MODE_PER_CLUSTER = "PerCluster";
    /**
     * Annotation on the objects of an ActivePassive assignment: the placement epoch they were written for.
     * Only ActivePassive objects carry it, so it also tells that mode apart when the label was removed.
     */
    public static final String EPOCH = "egressfed.io/epoch";
    /**
     * Annotation holding the config version that last changed the object. Stamped on each write rather
     * than compared, so that a new config version rewrites only the objects whose content changed.
     */
    public static final String CONFIG_VERSION = "egressfed.io/config-version";
    /** Annotation on a CiliumEgressGatewayPolicy naming the gateway node it selects ("" for none). */
    public static final String GATEWAY_NODE = "egressfed.io/gateway-node";
    /**
     * Node annotation listing the egress addresses configured on that node, comma-separated. It is the
     * gateway inventory reported to the hub for IPAM, and a node is a gateway candidate for an address
     * only when it lists it.
     */
    public static final String EGRESS_IPS = "egressfed.io/egress-ips";
    /**
     * Label that egressfed never sets on any node. A policy whose gateway selector requires it selects
     * no node, which makes Cilium drop the matching traffic instead of letting it leave with a node's
     * own address.
     */
    public static final String NO_GATEWAY = "egressfed.io/no-gateway";
    /** The well-known hostname label, which Cilium copies from the Node to the CiliumNode. */
    public static final String HOSTNAME = "kubernetes.io/hostname";

    private Ownership() {
    }

    /**
     * The labels every object written for {@code intent} carries.
     *
     * @param intent the intent name
     * @return an immutable label map
     */
    public static Map<String, String> labels(String intent) {
        return Map.of(MANAGED_BY, MANAGED_BY_VALUE, INTENT, intent);
    }

    /**
     * The labels every object written for an assignment carries: {@link #labels(String)} and {@link #MODE}.
     *
     * @param assignment the assignment
     * @return an immutable label map
     */
    public static Map<String, String> labels(ConfigAssignment assignment) {
        return Map.of(MANAGED_BY, MANAGED_BY_VALUE, INTENT, assignment.getIntent(), MODE, modeOf(assignment));
    }

    /**
     * The annotations that mark an assignment's placement: {@link #EPOCH} for ActivePassive, none otherwise.
     *
     * @param assignment the assignment
     * @return a mutable map, for the caller to add its own annotations to
     */
    public static Map<String, String> placementAnnotations(ConfigAssignment assignment) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (assignment.getMode() == PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE) {
            annotations.put(EPOCH, Long.toString(assignment.getEpoch()));
        }
        return annotations;
    }

    /**
     * Whether an owned object serves an ActivePassive assignment, as far as the object itself tells:
     * its {@link #MODE} label says so, or it has no such label but carries {@link #EPOCH}. An object an
     * older agent wrote carries neither and counts as not ActivePassive, because fencing a PerCluster
     * address for lack of a hub is exactly what must never happen.
     *
     * @param object an owned object
     * @return true when it is known to serve an ActivePassive assignment
     */
    public static boolean isActivePassive(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String mode = labels == null ? null : labels.get(MODE);
        if (mode != null) {
            return MODE_ACTIVE_PASSIVE.equals(mode);
        }
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(EPOCH);
    }

    /**
     * Whether an owned object carries the {@link #MODE} marker, i.e. whether its mode is known without a
     * config.
     *
     * @param object an owned object
     * @return true when the label is present
     */
    public static boolean hasMode(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && labels.containsKey(MODE);
    }

    private static String modeOf(ConfigAssignment assignment) {
        return assignment.getMode() == PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE ? MODE_ACTIVE_PASSIVE : MODE_PER_CLUSTER;
    }

    /**
     * The intent an owned object serves, from its {@link #INTENT} label.
     *
     * @param object any object
     * @return the intent, or empty when the label is missing
     */
    public static Optional<String> intentOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(INTENT));
    }
}

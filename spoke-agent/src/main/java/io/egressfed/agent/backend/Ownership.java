package io.egressfed.agent.backend;

import io.fabric8.kubernetes.api.model.HasMetadata;
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

package io.egressfed.agent.apply;

import io.egressfed.agent.backend.ObjectKey;
import io.egressfed.agent.backend.OwnedKind;
import io.egressfed.agent.backend.Ownership;
import io.egressfed.agent.backend.cilium.PolicyKind;
import io.egressfed.agent.backend.kubevip.ServiceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences, when the agent starts and before it connects to the hub or applies anything (and when it shuts
 * down as the only writer), every owned
 * object that serves an ActivePassive assignment: a restarted agent holds no lease, and the hub may be
 * unreachable for longer than the lease the previous run held, so whatever still carries an
 * ActivePassive address must give it up now. The fenced form is the one a lapsed lease produces:
 * a CiliumEgressGatewayPolicy keeps its selectors but its gateway selector requires
 * {@link Ownership#NO_GATEWAY} (matching traffic is dropped), and a Service holding a VIP (kube-vip
 * egress Service, cilium-vip VIP holder) is deleted, which releases the address.
 *
 * <p>Which objects are ActivePassive is read from the objects alone ({@link Ownership#isActivePassive}),
 * because no config is known yet. PerCluster objects are never touched, and neither are objects an older
 * agent wrote without the {@link Ownership#MODE} marker: their mode cannot be told, and fencing a
 * PerCluster address because the hub is away is what the protocol forbids. They are logged, and get the
 * marker on the first pass after a config arrives.
 */
final class StartFence {

    /**
     * What the fence did.
     *
     * @param fenced   the objects rewritten or deleted
     * @param unmarked owned objects left alone because their mode is unknown
     */
    record Result(List<ObjectKey> fenced, List<ObjectKey> unmarked) {
        Result {
            fenced = List.copyOf(fenced);
            unmarked = List.copyOf(unmarked);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(StartFence.class);
    private static final int CONFLICT_ATTEMPTS = 3;

    private final PolicyKind policies;
    private final ServiceKind services;

    StartFence(PolicyKind policies, ServiceKind services) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.services = Objects.requireNonNull(services, "services");
    }

    /**
     * Fences every owned ActivePassive object, reading the API server directly.
     *
     * @param withPolicies whether the cluster has the CiliumEgressGatewayPolicy CRD
     * @param when         "Start" or "Stop", for the log
     * @return what was fenced and what was left alone
     * @throws KubernetesClientException when the objects cannot be listed or written; the agent must
     *     not start then, since it could not vouch for the addresses it may still hold
     */
    Result fence(boolean withPolicies, String when) {
        List<ObjectKey> fenced = new ArrayList<>();
        List<ObjectKey> unmarked = new ArrayList<>();
        if (withPolicies) {
            for (GenericKubernetesResource policy : policies.list()) {
                if (activePassive(policies, policy, unmarked) && fencePolicy(policy, when)) {
                    fenced.add(ObjectKey.of(policies.kind(), policy));
                }
            }
        }
        for (Service service : services.list()) {
            if (activePassive(services, service, unmarked)) {
                services.delete(service);
                ObjectKey key = ObjectKey.of(services.kind(), service);
                LOG.info("{}: {} (intent {}, ActivePassive) deleted, its address is released until the hub "
                        + "grants a lease", when, key, Ownership.intentOf(service).orElse("?"));
                fenced.add(key);
            }
        }
        if (!unmarked.isEmpty()) {
            LOG.warn("{}: {} owned objects carry no {} label (written by an older agent), so their placement "
                    + "mode is unknown and they are left as they are until the hub's config says: {}",
                    when, unmarked.size(), Ownership.MODE, unmarked);
        }
        LOG.info("{}: fenced {} ActivePassive objects{}", when, fenced.size(),
                fenced.isEmpty() ? "" : ": " + fenced);
        return new Result(fenced, unmarked);
    }

    /** Whether to fence an object; records it in {@code unmarked} when its mode cannot be told. */
    private static boolean activePassive(OwnedKind<?> kind, HasMetadata object, List<ObjectKey> unmarked) {
        if (Ownership.isActivePassive(object)) {
            return true;
        }
        if (!Ownership.hasMode(object)) {
            unmarked.add(ObjectKey.of(kind.kind(), object));
        }
        return false;
    }

    /** Rewrites a policy to select no gateway; false when it selected none already. */
    private boolean fencePolicy(GenericKubernetesResource live, String when) {
        ObjectKey key = ObjectKey.of(policies.kind(), live);
        String intent = Ownership.intentOf(live).orElse(live.getMetadata().getName());
        GenericKubernetesResource current = live;
        for (int attempt = 1; ; attempt++) {
            if (current == null) {
                return false;
            }
            Map<String, Object> noGateway = Map.of("matchLabels", Map.of(Ownership.NO_GATEWAY, intent));
            if (noGateway.equals(gatewaySelector(current))) {
                return false;
            }
            try {
                policies.update(withoutGateway(current, noGateway));
                LOG.info("{}: {} (intent {}, ActivePassive) fenced: it selects no gateway node until the hub "
                        + "grants a lease", when, key, intent);
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
                current = policies.get(key);
            }
        }
    }

    private static Object gatewaySelector(GenericKubernetesResource policy) {
        if (policy.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                && spec.get("egressGateway") instanceof Map<?, ?> gateway) {
            return gateway.get("nodeSelector");
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource withoutGateway(GenericKubernetesResource live, Map<String, Object> selector) {
        Map<String, Object> spec = live.getAdditionalProperties().get("spec") instanceof Map<?, ?> map
                ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
        Map<String, Object> gateway = spec.get("egressGateway") instanceof Map<?, ?> map
                ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
        gateway.put("nodeSelector", selector);
        spec.put("egressGateway", gateway);
        GenericKubernetesResource fenced = new GenericKubernetesResource();
        fenced.setApiVersion(live.getApiVersion());
        fenced.setKind(live.getKind());
        fenced.setMetadata(new ObjectMetaBuilder(live.getMetadata())
                .addToAnnotations(Ownership.GATEWAY_NODE, "")
                .build());
        Map<String, Object> rest = new LinkedHashMap<>(live.getAdditionalProperties());
        rest.put("spec", spec);
        fenced.setAdditionalProperties(rest);
        return fenced;
    }
}

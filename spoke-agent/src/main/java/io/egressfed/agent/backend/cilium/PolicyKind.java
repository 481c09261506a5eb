package io.egressfed.agent.backend.cilium;

import io.egressfed.agent.backend.ObjectKey;
import io.egressfed.agent.backend.OwnedKind;
import io.egressfed.agent.backend.Ownership;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CiliumEgressGatewayPolicies as an owned kind. The agent manages the whole spec, its ownership labels
 * and the {@link Ownership#GATEWAY_NODE} annotation; the policy has no status.
 */
public final class PolicyKind implements OwnedKind<GenericKubernetesResource> {

    private final KubernetesClient client;

    /**
     * Creates the kind.
     *
     * @param client the cluster's client
     */
    public PolicyKind(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public String kind() {
        return CiliumResources.POLICY_KIND;
    }

    @Override
    public Class<GenericKubernetesResource> type() {
        return GenericKubernetesResource.class;
    }

    @Override
    public List<SharedIndexInformer<GenericKubernetesResource>> inform(
            ResourceEventHandler<GenericKubernetesResource> handler) {
        return List.of(client.genericKubernetesResources(CiliumResources.POLICIES)
                .withLabel(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE)
                .inform(handler, 0));
    }

    @Override
    public Object projection(GenericKubernetesResource policy) {
        Map<String, String> labels = policy.getMetadata().getLabels();
        Map<String, String> annotations = policy.getMetadata().getAnnotations();
        Map<String, Object> projection = new HashMap<>();
        projection.put("managedBy", labels == null ? null : labels.get(Ownership.MANAGED_BY));
        projection.put("intent", labels == null ? null : labels.get(Ownership.INTENT));
        projection.put("mode", labels == null ? null : labels.get(Ownership.MODE));
        projection.put("gatewayNode", annotations == null ? null : annotations.get(Ownership.GATEWAY_NODE));
        projection.put("epoch", annotations == null ? null : annotations.get(Ownership.EPOCH));
        projection.put("spec", policy.getAdditionalProperties().get("spec"));
        return projection;
    }

    @Override
    public GenericKubernetesResource merge(GenericKubernetesResource live, GenericKubernetesResource desired) {
        ObjectMeta meta = new ObjectMetaBuilder(live.getMetadata()).build();
        Map<String, String> labels = new LinkedHashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
        labels.putAll(desired.getMetadata().getLabels());
        meta.setLabels(labels);
        Map<String, String> annotations = new LinkedHashMap<>(
                meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
        // The epoch is the agent's to remove too: a policy that stops serving an ActivePassive assignment
        // must not keep looking like one to a restarted agent.
        annotations.remove(Ownership.EPOCH);
        annotations.putAll(desired.getMetadata().getAnnotations());
        meta.setAnnotations(annotations);
        GenericKubernetesResource merged = new GenericKubernetesResource();
        merged.setApiVersion(desired.getApiVersion());
        merged.setKind(desired.getKind());
        merged.setMetadata(meta);
        Map<String, Object> rest = new LinkedHashMap<>(live.getAdditionalProperties());
        rest.put("spec", desired.getAdditionalProperties().get("spec"));
        merged.setAdditionalProperties(rest);
        return merged;
    }

    @Override
    public GenericKubernetesResource create(GenericKubernetesResource policy) {
        return client.genericKubernetesResources(CiliumResources.POLICIES).resource(policy).create();
    }

    @Override
    public GenericKubernetesResource update(GenericKubernetesResource policy) {
        return client.genericKubernetesResources(CiliumResources.POLICIES).resource(policy).update();
    }

    @Override
    public void delete(GenericKubernetesResource policy) {
        client.genericKubernetesResources(CiliumResources.POLICIES).withName(policy.getMetadata().getName()).delete();
    }

    @Override
    public List<GenericKubernetesResource> list() {
        return client.genericKubernetesResources(CiliumResources.POLICIES)
                .withLabel(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE)
                .list().getItems();
    }

    @Override
    public GenericKubernetesResource get(ObjectKey key) {
        return client.genericKubernetesResources(CiliumResources.POLICIES).withName(key.name()).get();
    }
}

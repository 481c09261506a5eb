package io.egressfed.agent.apply;

import io.egressfed.agent.backend.DesiredObject;
import io.egressfed.agent.backend.EgressBackend;
import io.egressfed.agent.backend.InformerCache;
import io.egressfed.agent.backend.OwnedKind;
import io.egressfed.agent.backend.cilium.CiliumBackend;
import io.egressfed.agent.backend.cilium.PolicyKind;
import io.egressfed.agent.backend.ciliumvip.CiliumVipBackend;
import io.egressfed.agent.backend.kubevip.KubeVipBackend;
import io.egressfed.agent.backend.kubevip.ServiceKind;
import io.egressfed.agent.backend.kubevip.WorkloadResolver;
import io.egressfed.api.v1alpha1.Backend;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The backends a config can name, over the two kinds of object the agent owns. Immutable. */
final class Backends {

    private final PolicyKind policies;
    private final ServiceKind services;
    private final Map<Backend, EgressBackend> byName;

    Backends(KubernetesClient client, AgentSettings settings) {
        this.policies = new PolicyKind(client);
        // cilium-vip keeps its VIP Services in the agent's own namespace, so that one is always in reach.
        this.services = new ServiceKind(client, settings.managedNamespaces().plus(settings.agentNamespace()));
        Optional<String> lbClass = settings.loadBalancerClass();
        this.byName = Map.of(
                Backend.BACKEND_CILIUM, new CiliumBackend(policies),
                Backend.BACKEND_KUBE_VIP, new KubeVipBackend(services,
                        new WorkloadResolver(client, settings.managedNamespaces()), lbClass),
                Backend.BACKEND_CILIUM_VIP, new CiliumVipBackend(policies, services, settings.agentNamespace(), lbClass));
    }

    /** @return the backend a config names (one of cilium, kube-vip, cilium-vip; ConfigCheck refuses others) */
    EgressBackend get(Backend backend) {
        return byName.get(backend);
    }

    /** @return the CiliumEgressGatewayPolicy kind */
    PolicyKind policies() {
        return policies;
    }

    /** @return the Service kind */
    ServiceKind services() {
        return services;
    }

    /** @return the owned kinds the cache watches now: only those are synced */
    List<OwnedKind<?>> watched(InformerCache cache) {
        return List.<OwnedKind<?>>of(policies, services).stream().filter(cache::watches).toList();
    }

    /** @return the kind an object the plans want belongs to */
    OwnedKind<?> kindOf(DesiredObject object) {
        return object.key().kind().equals(services.kind()) ? services : policies;
    }
}

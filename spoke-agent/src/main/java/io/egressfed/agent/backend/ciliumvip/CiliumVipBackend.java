package io.egressfed.agent.backend.ciliumvip;

import io.egressfed.agent.backend.AssignmentPlan;
import io.egressfed.agent.backend.AssignmentStatus;
import io.egressfed.agent.backend.ClusterView;
import io.egressfed.agent.backend.DesiredObject;
import io.egressfed.agent.backend.EffectiveAssignment;
import io.egressfed.agent.backend.GatewayNodes;
import io.egressfed.agent.backend.ObjectKey;
import io.egressfed.agent.backend.OwnedKind;
import io.egressfed.agent.backend.cilium.EgressGatewayPolicies;
import io.egressfed.agent.backend.cilium.GatewayPolicyBackend;
import io.egressfed.agent.backend.cilium.PolicyKind;
import io.egressfed.agent.backend.kubevip.KubeVipAnnotations;
import io.egressfed.agent.backend.kubevip.KubeVipServices;
import io.egressfed.agent.backend.kubevip.ServiceKind;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.GatewaySpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code cilium-vip} backend, a floating egress address with the Cilium datapath: a selector-less
 * LoadBalancer Service in the agent's namespace holds the VIP, so kube-vip elects a node and configures
 * the address there; a CiliumEgressGatewayPolicy sends the workload's traffic through exactly that node,
 * the one kube-vip names in {@code kube-vip.io/vipHost}, and follows it when the VIP moves (the Service
 * informer sees kube-vip's annotation change). Until kube-vip names a node, or when that node has no
 * CiliumNode, the policy selects no node. FENCED removes the Service (releasing the address) and keeps
 * the policy pointing at no node. kube-vip's choice is not restricted to the gateway selector.
 */
public final class CiliumVipBackend extends GatewayPolicyBackend {

    private final PolicyKind policies;
    private final ServiceKind services;
    private final String namespace;
    private final Optional<String> loadBalancerClass;

    /**
     * Creates the backend.
     *
     * @param policies          the policy kind it writes
     * @param services          the Service kind it writes
     * @param namespace         the agent's namespace, where the VIP Services live
     * @param loadBalancerClass the class kube-vip serves, when configured to serve only one
     */
    public CiliumVipBackend(PolicyKind policies, ServiceKind services, String namespace,
                            Optional<String> loadBalancerClass) {
        this.policies = policies;
        this.services = services;
        this.namespace = namespace;
        this.loadBalancerClass = loadBalancerClass;
    }

    @Override
    public Backend backend() {
        return Backend.BACKEND_CILIUM_VIP;
    }

    @Override
    public List<OwnedKind<?>> kinds() {
        return List.of(policies, services);
    }

    @Override
    public List<AssignmentPlan> plan(GatewaySpec gateway, List<EffectiveAssignment> assignments, ClusterView view) {
        return assignments.stream().map(assignment -> plan(assignment, view)).toList();
    }

    private AssignmentPlan plan(EffectiveAssignment assignment, ClusterView view) {
        if (assignment.fenced()) {
            GenericKubernetesResource policy = EgressGatewayPolicies.withoutGateway(assignment);
            return new AssignmentPlan(assignment.intent(), assignment.role(), List.of(desired(policies, assignment, policy)),
                    AssignmentStatus.healthyWithout("fenced: the VIP Service is removed and the policy selects no node"),
                    true);
        }
        Service holder = KubeVipServices.vipHolder(assignment, namespace, loadBalancerClass);
        DesiredObject service = desired(services, assignment, holder);
        Map<String, String> annotations = view.owned(services, service.key())
                .map(live -> live.getMetadata().getAnnotations()).orElse(Map.of());
        String vipHost = annotations == null || annotations.get(KubeVipAnnotations.VIP_HOST) == null
                ? "" : annotations.get(KubeVipAnnotations.VIP_HOST);

        String hostname = view.ciliumNode(vipHost).map(node -> GatewayNodes.hostnameLabel(node.getMetadata().getLabels()))
                .orElse("");
        boolean ready = view.node(vipHost).map(GatewayNodes::isReady).orElse(false);
        GenericKubernetesResource policy;
        AssignmentStatus status;
        if (vipHost.isEmpty()) {
            policy = EgressGatewayPolicies.withoutGateway(assignment);
            status = AssignmentStatus.unhealthy("kube-vip has not elected a node for the VIP (no "
                    + KubeVipAnnotations.VIP_HOST + "); the policy selects no node, matching traffic is dropped");
        } else if (hostname.isEmpty()) {
            policy = EgressGatewayPolicies.withoutGateway(assignment);
            status = new AssignmentStatus(vipHost, ready, vipHost, "", false, "the VIP's node " + vipHost
                    + " has no CiliumNode with a hostname label; the policy selects no node, matching traffic is dropped");
        } else {
            policy = EgressGatewayPolicies.through(assignment, vipHost, hostname);
            Optional<Node> node = view.node(vipHost);
            String reason = node.isEmpty() ? "the VIP's node " + vipHost + " does not exist"
                    : ready ? "" : "the VIP's node " + vipHost + " is not Ready";
            status = new AssignmentStatus(vipHost, ready, vipHost, "", reason.isEmpty(), reason);
        }
        return new AssignmentPlan(assignment.intent(), assignment.role(),
                List.of(service, desired(policies, assignment, policy)), status, true);
    }

    private static DesiredObject desired(OwnedKind<?> kind, EffectiveAssignment assignment,
                                         HasMetadata object) {
        return new DesiredObject(ObjectKey.of(kind.kind(), object), assignment.intent(), object);
    }
}

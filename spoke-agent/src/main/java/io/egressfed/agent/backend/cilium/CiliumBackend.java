package io.egressfed.agent.backend.cilium;

import io.egressfed.agent.backend.AssignmentPlan;
import io.egressfed.agent.backend.AssignmentStatus;
import io.egressfed.agent.backend.ClusterView;
import io.egressfed.agent.backend.DesiredObject;
import io.egressfed.agent.backend.EffectiveAssignment;
import io.egressfed.agent.backend.GatewayNodes;
import io.egressfed.agent.backend.ObjectKey;
import io.egressfed.agent.backend.OwnedKind;
import io.egressfed.agent.backend.Ownership;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.GatewaySpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Optional;

/**
 * The {@code cilium} backend: one CiliumEgressGatewayPolicy per assignment, its gateway a healthy node
 * (Ready, schedulable, with a CiliumNode) that matches the cluster's gateway selector and lists the
 * egress address in {@link Ownership#EGRESS_IPS}. When the gateway fails, the next plan points the
 * policy at another candidate; with none left, at no node.
 */
public final class CiliumBackend extends GatewayPolicyBackend {

    private final PolicyKind policies;

    /**
     * Creates the backend.
     *
     * @param policies the policy kind it writes
     */
    public CiliumBackend(PolicyKind policies) {
        this.policies = policies;
    }

    @Override
    public Backend backend() {
        return Backend.BACKEND_CILIUM;
    }

    @Override
    public List<OwnedKind<?>> kinds() {
        return List.of(policies);
    }

    @Override
    public List<AssignmentPlan> plan(GatewaySpec gateway, List<EffectiveAssignment> assignments, ClusterView view) {
        GatewayNodes nodes = GatewayNodes.evaluate(gateway.getNodeSelector(), view, true);
        return assignments.stream().map(assignment -> plan(assignment, nodes, view)).toList();
    }

    private AssignmentPlan plan(EffectiveAssignment assignment, GatewayNodes nodes, ClusterView view) {
        if (assignment.fenced()) {
            return planned(assignment, EgressGatewayPolicies.withoutGateway(assignment),
                    AssignmentStatus.healthyWithout("fenced: the policy selects no gateway node, matching traffic is dropped"));
        }
        String current = currentGateway(assignment.intent(), view);
        Optional<GatewayNodes.Candidate> chosen = GatewayNodes.choose(
                assignment.intent(), nodes.healthyCarrying(assignment.egressIp()), current);
        if (chosen.isEmpty()) {
            return planned(assignment, EgressGatewayPolicies.withoutGateway(assignment), AssignmentStatus.unhealthy(
                    nodes.whyNone(assignment.egressIp()) + "; the policy selects no node, matching traffic is dropped"));
        }
        GatewayNodes.Candidate gateway = chosen.get();
        return planned(assignment, EgressGatewayPolicies.through(assignment, gateway.name(), gateway.hostname()),
                new AssignmentStatus(gateway.name(), true, "", "", true, ""));
    }

    private String currentGateway(String intent, ClusterView view) {
        ObjectKey key = new ObjectKey(policies.kind(), "", EgressGatewayPolicies.name(intent));
        return view.owned(policies, key)
                .map(policy -> policy.getMetadata().getAnnotations())
                .map(annotations -> annotations.get(Ownership.GATEWAY_NODE))
                .orElse("");
    }

    private AssignmentPlan planned(EffectiveAssignment assignment, GenericKubernetesResource policy,
                                   AssignmentStatus status) {
        DesiredObject desired = new DesiredObject(ObjectKey.of(policies.kind(), policy), assignment.intent(), policy);
        return new AssignmentPlan(assignment.intent(), assignment.role(), List.of(desired), status, true);
    }
}

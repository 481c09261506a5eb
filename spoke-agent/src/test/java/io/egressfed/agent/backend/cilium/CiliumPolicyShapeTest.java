package io.egressfed.agent.backend.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.agent.backend.EffectiveAssignment;
import io.egressfed.agent.backend.Ownership;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every shape of policy the backend builds is valid against the CRD schema. */
class CiliumPolicyShapeTest {

    @Test
    void policiesThroughANodeAndThroughNoneAreSchemaValid() {
        for (ConfigAssignment assignment : List.of(
                base().build(),
                base().addExceptCidrs("203.0.113.128/25").addDestinationCidrs("192.0.2.0/24").build(),
                base().setWorkloads(WorkloadSelector.newBuilder().setPodSelector(LabelSelector.getDefaultInstance())).build(),
                base().setWorkloads(WorkloadSelector.newBuilder()
                        .setNamespaceSelector(LabelSelector.newBuilder().addMatchExpressions(LabelSelectorRequirement
                                .newBuilder().setKey("kubernetes.io/metadata.name").setOperator("NotIn").addValues("kube-system")))
                        .setPodSelector(LabelSelector.newBuilder().putMatchLabels("app.kubernetes.io/name", "api")
                                .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("canary")
                                        .setOperator("DoesNotExist")))).build())) {
            EffectiveAssignment active = new EffectiveAssignment(assignment, AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);
            CiliumPolicySchema.assertValid(EgressGatewayPolicies.through(active, "node-1", "node-1.example"));
            CiliumPolicySchema.assertValid(EgressGatewayPolicies.withoutGateway(active));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void noGatewaySelectsByALabelEgressfedNeverSetsAndKeepsTheAddress() {
        EffectiveAssignment fenced = new EffectiveAssignment(base().build(), AssignmentRole.ASSIGNMENT_ROLE_FENCED);

        GenericKubernetesResource policy = EgressGatewayPolicies.withoutGateway(fenced);

        Map<String, Object> gateway = (Map<String, Object>) ((Map<String, Object>) policy.getAdditionalProperties()
                .get("spec")).get("egressGateway");
        assertThat(gateway).isEqualTo(Map.of(
                "nodeSelector", Map.of("matchLabels", Map.of(Ownership.NO_GATEWAY, "pay")),
                "egressIP", "198.51.100.1"));
        assertThat(policy.getMetadata().getAnnotations()).containsEntry(Ownership.GATEWAY_NODE, "");
    }

    @Test
    @SuppressWarnings("unchecked")
    void ipv6PoliciesAreValidApartFromTheIpv4OnlyPatterns() {
        EffectiveAssignment v6 = new EffectiveAssignment(base().setEgressIp("2001:db8::10").clearDestinationCidrs()
                .addDestinationCidrs("2001:db8:ff::/48").build(), AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);
        GenericKubernetesResource policy = EgressGatewayPolicies.through(v6, "node-1", "node-1");

        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) policy.getAdditionalProperties().get("spec"));
        assertThat(spec.get("destinationCIDRs")).isEqualTo(List.of("2001:db8:ff::/48"));
        Map<String, Object> gateway = new LinkedHashMap<>((Map<String, Object>) spec.get("egressGateway"));
        assertThat(gateway.remove("egressIP")).isEqualTo("2001:db8::10");
        spec.put("egressGateway", gateway);
        spec.put("destinationCIDRs", List.of());
        policy.getAdditionalProperties().put("spec", spec);
        assertThat(CiliumPolicySchema.violations(policy)).isEmpty();
    }

    @Test
    void refusesDestinationPorts() {
        EffectiveAssignment ports = new EffectiveAssignment(base().addDestinationPorts("443").build(),
                AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);

        assertThat(EgressGatewayPolicies.inexpressible(List.of(ports)))
                .containsExactly(Map.entry("pay", "a CiliumEgressGatewayPolicy cannot match destination ports [443]"));
    }

    private static ConfigAssignment.Builder base() {
        return ConfigAssignment.newBuilder()
                .setIntent("pay")
                .setEgressIp("198.51.100.1")
                .setWorkloads(WorkloadSelector.newBuilder()
                        .setNamespaceSelector(LabelSelector.newBuilder().putMatchLabels("team", "payments"))
                        .setPodSelector(LabelSelector.newBuilder().putMatchLabels("app", "settlement")))
                .addDestinationCidrs("203.0.113.0/24")
                .setRole(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE);
    }
}

package io.egressfed.agent.apply;

import static io.egressfed.agent.apply.Configs.assignment;
import static io.egressfed.agent.apply.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.GatewaySpec;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent's own config check names the field at fault and its reason. */
class ApplyConfigCheckTest {

    @Test
    void acceptsAWellFormedConfig() {
        ConfigCheck.Problems problems = ConfigCheck.check(config("c", 1, Backend.BACKEND_CILIUM, "gw", List.of(
                assignment("pay", "198.51.100.1").addExceptCidrs("203.0.113.0/25").addDestinationPorts("443").build(),
                assignment("ship", "2001:db8::1").clearDestinationCidrs().addDestinationCidrs("2001:db8::/32")
                        .addDestinationPorts("8000-8080").build())), "c");

        assertThat(problems.none()).isTrue();
    }

    static Stream<Arguments> badAssignments() {
        return Stream.of(
                Arguments.of(edit(a -> a.setEgressIp("198.51.100")), "assignments[0].egress_ip: \"198.51.100\" is not an IP address"),
                Arguments.of(edit(a -> a.setEgressIp("example.com")), "assignments[0].egress_ip: \"example.com\" is not an IP address"),
                Arguments.of(edit(a -> a.setEgressIp("198.51.100.01")), "assignments[0].egress_ip: \"198.51.100.01\" is not an IP address"),
                Arguments.of(edit(ConfigAssignment.Builder::clearDestinationCidrs), "assignments[0].destination_cidrs: at least one is required"),
                Arguments.of(edit(a -> a.addDestinationCidrs("10.0.0.0")), "assignments[0].destination_cidrs[1]: \"10.0.0.0\" is not a CIDR"),
                Arguments.of(edit(a -> a.addDestinationCidrs("2001:db8::/32")),
                        "assignments[0].destination_cidrs[1]: 2001:db8::/32 is not of the egress address's family"),
                Arguments.of(edit(a -> a.addExceptCidrs("203.0.113.0/40")), "assignments[0].except_cidrs[0]: \"203.0.113.0/40\" is not a CIDR"),
                Arguments.of(edit(a -> a.addDestinationPorts("0")), "assignments[0].destination_ports[0]: \"0\" is not a port or port range (\"443\", \"8000-8080\")"),
                Arguments.of(edit(a -> a.addDestinationPorts("9000-8000")),
                        "assignments[0].destination_ports[0]: \"9000-8000\" is not a port or port range (\"443\", \"8000-8080\")"),
                Arguments.of(edit(a -> a.addDestinationPorts("70000")),
                        "assignments[0].destination_ports[0]: \"70000\" is not a port or port range (\"443\", \"8000-8080\")"),
                Arguments.of(edit(a -> a.setRole(AssignmentRole.ASSIGNMENT_ROLE_UNSPECIFIED)), "assignments[0].role: must be ACTIVE, FENCED or STANDBY"),
                Arguments.of(edit(a -> a.setWorkloads(WorkloadSelector.newBuilder().setPodSelector(
                        LabelSelector.newBuilder().putMatchLabels("app", "-bad")))),
                        "assignments[0].workloads.pod_selector.match_labels[app]: \"-bad\" is not a label value"),
                Arguments.of(edit(a -> a.setWorkloads(WorkloadSelector.newBuilder().setNamespaceSelector(
                        LabelSelector.newBuilder().putMatchLabels("bad key", "x")))),
                        "assignments[0].workloads.namespace_selector.match_labels: \"bad key\" is not a label key"),
                Arguments.of(edit(a -> a.setWorkloads(WorkloadSelector.newBuilder().setPodSelector(LabelSelector.newBuilder()
                        .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("app").setOperator("Within"))))),
                        "assignments[0].workloads.pod_selector.match_expressions[0].operator: \"Within\" is not In, NotIn, Exists or DoesNotExist"),
                Arguments.of(edit(a -> a.setWorkloads(WorkloadSelector.newBuilder().setPodSelector(LabelSelector.newBuilder()
                        .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("app").setOperator("In"))))),
                        "assignments[0].workloads.pod_selector.match_expressions[0].values: In needs values"),
                Arguments.of(edit(a -> a.setWorkloads(WorkloadSelector.newBuilder().setPodSelector(LabelSelector.newBuilder()
                        .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("app").setOperator("Exists")
                                .addValues("x"))))),
                        "assignments[0].workloads.pod_selector.match_expressions[0].values: Exists takes no values"));
    }

    @ParameterizedTest
    @MethodSource("badAssignments")
    void namesTheFieldOfABadAssignment(UnaryOperator<ConfigAssignment.Builder> change, String expected) {
        ClusterConfig config = config("c", 1, Backend.BACKEND_CILIUM, "", List.of(
                change.apply(assignment("pay", "198.51.100.1")).build()));

        ConfigCheck.Problems problems = ConfigCheck.check(config, "c");

        assertThat(problems.config()).isEmpty();
        assertThat(problems.assignments()).containsExactly(Map.entry("pay", expected));
        assertThat(problems.summary()).isEqualTo("invalid config: " + expected);
    }

    @Test
    void namesConfigLevelProblemsAndUnusableIntents() {
        ClusterConfig config = config("other", 0, Backend.BACKEND_UNSPECIFIED, "", List.of(
                assignment("Pay_API", "198.51.100.1").build(),
                assignment("pay", "198.51.100.2").build(),
                assignment("pay", "198.51.100.3").build()))
                .toBuilder().setGateway(GatewaySpec.newBuilder().setNodeSelector(LabelSelector.newBuilder()
                        .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("zone").setOperator("NotIn"))))
                .build();

        ConfigCheck.Problems problems = ConfigCheck.check(config, "c");

        assertThat(problems.config()).containsExactly(
                "cluster: the config is for \"other\", this agent serves \"c\"",
                "version: must be positive",
                "backend: must be cilium, kube-vip or cilium-vip",
                "gateway.node_selector.match_expressions[0].values: NotIn needs values");
        assertThat(problems.assignments()).containsOnly(
                Map.entry("assignments[0]", "assignments[0].intent: \"Pay_API\" is not a DNS label"),
                Map.entry("pay", "assignments[2].intent: \"pay\" appears more than once"));
    }

    private static UnaryOperator<ConfigAssignment.Builder> edit(UnaryOperator<ConfigAssignment.Builder> change) {
        return change;
    }
}

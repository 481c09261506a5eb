package io.egressfed.e2e.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.egressfed.e2e.charts.ChartValueSets.ValueSet;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Both charts linted and rendered by real Helm; the manifests checked as fabric8 typed objects. */
class ChartManifestsTest {

    @TempDir
    Path workDir;

    @RegisterExtension
    static final HelmApiServer.PerClass API = new HelmApiServer.PerClass();

    static Stream<Arguments> valueSets() {
        return Stream.concat(
                ChartValueSets.hub().stream().map(set -> Arguments.of(Charts.HUB, set)),
                ChartValueSets.agent().stream().map(set -> Arguments.of(Charts.AGENT, set)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("valueSets")
    void lintReportsNoErrors(String chart, ValueSet set) {
        LintResult result = new Charts(workDir).lint(chart, set.values());

        assertThat(result.getMessages()).as(String.join("\n", result.getMessages()))
                .noneMatch(message -> message.contains("[ERROR]"));
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("valueSets")
    void noRbacRuleGrantsAWildcard(String chart, ValueSet set) {
        List<PolicyRule> rules = rules(new Charts(workDir).objects(chart, "eg", set.values()));

        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*");
            assertThat(rule.getResources()).isNotEmpty().doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        });
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("valueSets")
    void everyContainerRunsAsNonRootWithAReadOnlyRootFilesystemAndProbes(String chart, ValueSet set) {
        for (PodSpec pod : podSpecs(new Charts(workDir).objects(chart, "eg", set.values()))) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            for (Container container : Stream.concat(pod.getContainers().stream(),
                    pod.getInitContainers().stream()).toList()) {
                assertThat(container.getSecurityContext().getRunAsNonRoot()).as(container.getName()).isTrue();
                assertThat(container.getSecurityContext().getRunAsUser()).as(container.getName()).isPositive();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(container.getName())
                        .isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
            }
        }
    }

    @Test
    void theHubNeedsNoKubernetesApiAccessAndFormsItsClusterThroughAHeadlessService() {
        List<HasMetadata> objects = new Charts(workDir).objects(Charts.HUB, "eg", Map.of());

        StatefulSet hub = only(objects, StatefulSet.class);
        assertThat(hub.getSpec().getReplicas()).isEqualTo(3);
        assertThat(hub.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(rules(objects)).isEmpty();
        assertThat(objects).filteredOn(o -> o.getKind().equals("Service"))
                .map(o -> (io.fabric8.kubernetes.api.model.Service) o)
                .filteredOn(service -> "None".equals(service.getSpec().getClusterIP()))
                .singleElement()
                .satisfies(headless -> {
                    assertThat(headless.getMetadata().getName()).isEqualTo(hub.getSpec().getServiceName());
                    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
                });
        assertThat(objects).extracting(HasMetadata::getKind)
                .contains("PodDisruptionBudget", "Secret", "ServiceAccount")
                .doesNotContain("ServiceMonitor", "NetworkPolicy");
        assertThat(objects).filteredOn(o -> o.getKind().equals("Secret"))
                .hasSize(3)
                .allSatisfy(secret -> assertThat(secret.getMetadata().getAnnotations())
                        .containsEntry("helm.sh/resource-policy", "keep"));
    }

    @Test
    void existingSecretsReplaceTheGeneratedOnesAndOptionalObjectsAppear() {
        List<HasMetadata> objects = new Charts(workDir).objects(Charts.HUB, "eg",
                ChartValueSets.hub().get(1).values());

        assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("Secret")
                .contains("NetworkPolicy");
        assertThat(objects).filteredOn(GenericKubernetesResource.class::isInstance)
                .extracting(HasMetadata::getKind).containsExactly("ServiceMonitor");
        List<String> secretNames = only(objects, StatefulSet.class).getSpec().getTemplate().getSpec().getVolumes()
                .stream().filter(volume -> volume.getSecret() != null)
                .map(volume -> volume.getSecret().getSecretName()).toList();
        assertThat(secretNames).containsExactlyInAnyOrder("hub-signing", "hub-ca", "hub-admin", "etcd-client");
    }

    @Test
    void theAgentsClusterRoleFollowsItsBackend() {
        Charts charts = new Charts(workDir);

        ClusterRole cilium = only(charts.objects(Charts.AGENT, "eg", ChartValueSets.agent().get(1).values()),
                ClusterRole.class);
        ClusterRole kubeVip = only(charts.objects(Charts.AGENT, "eg", ChartValueSets.agent().get(2).values()),
                ClusterRole.class);

        assertThat(resources(cilium)).contains("ciliumegressgatewaypolicies", "ciliumnodes", "nodes")
                .doesNotContain("pods", "secrets", "configmaps");
        // The Service informer runs with every backend; with cilium the agent only reads Services.
        assertThat(cilium.getRules()).filteredOn(rule -> rule.getResources().contains("services"))
                .singleElement().satisfies(rule -> assertThat(rule.getVerbs())
                        .containsExactlyInAnyOrder("get", "list", "watch"));
        assertThat(resources(kubeVip)).contains("services", "pods", "nodes")
                .doesNotContain("ciliumegressgatewaypolicies", "secrets", "configmaps");
        assertThat(cilium.getRules()).filteredOn(rule -> rule.getResources().contains("ciliumnodes"))
                .singleElement().satisfies(rule -> assertThat(rule.getVerbs())
                        .containsExactlyInAnyOrder("get", "list", "watch"));
    }

    @Test
    void managedNamespacesMoveServiceAndPodRightsFromTheClusterRoleIntoOneRolePerNamespace() {
        List<HasMetadata> objects = new Charts(workDir).objects(Charts.AGENT, "eg",
                ChartValueSets.agent().get(4).values());

        assertThat(resources(only(objects, ClusterRole.class))).contains("nodes", "namespaces")
                .doesNotContain("services", "pods");
        List<Role> managed = objects.stream().filter(Role.class::isInstance).map(Role.class::cast)
                .filter(role -> ChartValueSets.MANAGED_NAMESPACES.contains(role.getMetadata().getNamespace()))
                .toList();
        assertThat(managed).extracting(role -> role.getMetadata().getNamespace())
                .containsExactlyInAnyOrderElementsOf(ChartValueSets.MANAGED_NAMESPACES);
        assertThat(managed).allSatisfy(role -> {
            assertThat(role.getRules()).filteredOn(rule -> rule.getResources().contains("services")).singleElement()
                    .satisfies(rule -> assertThat(rule.getVerbs()).containsExactlyInAnyOrder(
                            "get", "list", "watch", "create", "update", "delete"));
            assertThat(role.getRules()).filteredOn(rule -> rule.getResources().contains("pods")).singleElement()
                    .satisfies(rule -> assertThat(rule.getVerbs()).containsExactly("list"));
        });
        List<RoleBinding> bindings = objects.stream().filter(RoleBinding.class::isInstance)
                .map(RoleBinding.class::cast)
                .filter(binding -> ChartValueSets.MANAGED_NAMESPACES.contains(binding.getMetadata().getNamespace()))
                .toList();
        assertThat(bindings).hasSize(ChartValueSets.MANAGED_NAMESPACES.size()).allSatisfy(binding -> {
            assertThat(binding.getRoleRef().getName()).isEqualTo(managed.get(0).getMetadata().getName());
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getNamespace()).isEqualTo(Charts.NAMESPACE);
            });
        });
        assertThat(objects).filteredOn(Role.class::isInstance).map(Role.class::cast)
                .filteredOn(role -> Charts.NAMESPACE.equals(role.getMetadata().getNamespace()))
                .anySatisfy(own -> assertThat(own.getRules()).anyMatch(rule -> rule.getResources().contains("services")))
                .as("the agent's own namespace keeps cilium-vip's VIP Services in reach");
    }

    @Test
    void theValuesSchemaRejectsAManagedNamespaceThatIsNoNamespaceName() {
        Charts charts = new Charts(workDir);

        assertThatThrownBy(() -> charts.render(Charts.AGENT, "eg", Map.of("managedNamespaces", List.of("Payments"))))
                .hasMessageContaining("managedNamespaces")
                .hasMessageContaining("schema");
    }

    @Test
    void theAgentKeepsSecretsConfigMapsAndLeasesToItsOwnNamespace() {
        List<HasMetadata> objects = new Charts(workDir).objects(Charts.AGENT, "eg",
                ChartValueSets.agent().get(1).values());

        assertThat(objects).filteredOn(Role.class::isInstance).map(Role.class::cast)
                .filteredOn(role -> role.getRules().stream().anyMatch(rule -> rule.getResources().stream()
                        .anyMatch(List.of("secrets", "configmaps", "leases")::contains)))
                .singleElement()
                .satisfies(role -> assertThat(role.getMetadata().getNamespace()).isEqualTo(Charts.NAMESPACE));
        assertThat(only(objects, Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void anAgentWithoutItsEnrollmentValuesRendersNoDeployment() {
        List<HasMetadata> objects = new Charts(workDir).objects(Charts.AGENT, "eg", Map.of());

        assertThat(objects).noneMatch(Deployment.class::isInstance);
    }

    @ParameterizedTest
    @ValueSource(strings = {Charts.HUB, Charts.AGENT})
    void theValuesSchemaRejectsAWrongType(String chart) {
        Charts charts = new Charts(workDir);

        assertThatThrownBy(() -> charts.render(chart, "eg", Map.of("replicas", "three")))
                .hasMessageContaining("replicas")
                .hasMessageContaining("schema");
    }

    private static List<PolicyRule> rules(List<HasMetadata> objects) {
        return objects.stream().flatMap(object -> object instanceof ClusterRole role ? role.getRules().stream()
                : object instanceof Role role ? role.getRules().stream() : Stream.empty()).toList();
    }

    private static List<String> resources(ClusterRole role) {
        return role.getRules().stream().flatMap(rule -> rule.getResources().stream()).toList();
    }

    private static List<PodSpec> podSpecs(List<HasMetadata> objects) {
        return objects.stream().map(object -> object instanceof StatefulSet set
                        ? Optional.of(set.getSpec().getTemplate().getSpec())
                        : object instanceof Deployment deployment
                        ? Optional.of(deployment.getSpec().getTemplate().getSpec()) : Optional.<PodSpec>empty())
                .flatMap(Optional::stream).toList();
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).reduce((a, b) -> {
            throw new AssertionError("more than one " + type.getSimpleName());
        }).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " rendered"));
    }
}

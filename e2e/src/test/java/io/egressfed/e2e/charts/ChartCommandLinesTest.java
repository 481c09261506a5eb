package io.egressfed.e2e.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.agent.AgentMain;
import io.egressfed.e2e.charts.ChartValueSets.ValueSet;
import io.egressfed.hub.HubMain;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The rendered containers' arguments are parsed by the hub's and the agent's own picocli specs. */
class ChartCommandLinesTest {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)");

    @TempDir
    Path workDir;

    @RegisterExtension
    static final HelmApiServer.PerClass API = new HelmApiServer.PerClass();

    static Stream<ValueSet> hubValueSets() {
        return ChartValueSets.hub().stream();
    }

    static Stream<ValueSet> configuredAgentValueSets() {
        return ChartValueSets.agent().stream().filter(set -> !set.values().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hubValueSets")
    void theHubAcceptsEveryRenderedArgumentAndEveryReplicaIsASeedNode(ValueSet set) {
        StatefulSet hub = ChartManifestsTest.only(new Charts(workDir).objects(Charts.HUB, "eg", set.values()),
                StatefulSet.class);
        Container container = hub.getSpec().getTemplate().getSpec().getContainers().get(0);
        String pod = hub.getMetadata().getName() + "-0";

        ParseResult parsed = new CommandLine(new HubMain(silent(), new CountDownLatch(0)))
                .parseArgs(substituted(container, Map.of("POD_NAME", pod)));

        assertThat(parsed.unmatched()).isEmpty();
        assertThat(parsed.hasMatchedOption("--dev")).isFalse();
        List<String> seeds = parsed.matchedOptionValue("--seed-node", List.of());
        assertThat(seeds).hasSize(hub.getSpec().getReplicas());
        String host = parsed.matchedOptionValue("--cluster-host", "");
        // The replica's own address is one of the seed nodes, in the very same form (Pekko compares them).
        assertThat(seeds).contains(host + ":" + parsed.matchedOptionValue("--cluster-port", 0));
        assertThat(host).startsWith(pod + "." + hub.getSpec().getServiceName() + "." + Charts.NAMESPACE + ".svc");
        assertThat(parsed.matchedOptionValue("--replica-name", "")).isEqualTo(pod);
        for (String flag : List.of("--etcd", "--signing-key", "--ca-dir", "--initial-admin-token-file")) {
            assertThat(parsed.hasMatchedOption(flag)).as(flag).isTrue();
        }
        assertMountedFilesExist(container, parsed, "--signing-key", "--initial-admin-token-file",
                "--etcd-ca-file", "--etcd-cert-file", "--etcd-key-file");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configuredAgentValueSets")
    void theAgentAcceptsEveryRenderedArgument(ValueSet set) {
        Deployment agent = ChartManifestsTest.only(new Charts(workDir).objects(Charts.AGENT, "eg", set.values()),
                Deployment.class);
        Container container = agent.getSpec().getTemplate().getSpec().getContainers().get(0);

        ParseResult parsed = new CommandLine(new AgentMain(silent(), new CountDownLatch(0)))
                .parseArgs(substituted(container, Map.of("POD_NAMESPACE", Charts.NAMESPACE,
                        "POD_NAME", agent.getMetadata().getName() + "-7d9f-x2x4")));

        assertThat(parsed.unmatched()).isEmpty();
        assertThat(parsed.hasMatchedOption("--in-cluster")).isTrue();
        assertThat(parsed.matchedOptionValue("--namespace", "")).isEqualTo(Charts.NAMESPACE);
        assertThat(parsed.matchedOptionValue("--hub-signing-key-sha256", List.<String>of()))
                .isNotEmpty().allMatch(id -> id.matches("[0-9a-f]{64}"));
        assertThat(parsed.hasMatchedOption("--credentials-secret")).isTrue();
        assertThat(parsed.matchedOptionValue("--managed-namespace", List.<String>of()))
                .containsExactlyElementsOf(listed(set.values().get("managedNamespaces")));
    }

    private static List<String> listed(Object namespaces) {
        return namespaces == null ? List.of()
                : ((List<?>) namespaces).stream().map(String::valueOf).toList();
    }

    /** Expands {@code $(VAR)} as the kubelet does, from the container's env and the downward API values. */
    private static String[] substituted(Container container, Map<String, String> downwardApi) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value = variable.getValue() != null ? variable.getValue() : downwardApi.get(variable.getName());
            assertThat(value).as("env " + variable.getName() + " has a value in the test").isNotNull();
            env.put(variable.getName(), value);
        }
        return container.getArgs().stream().map(arg -> {
            Matcher reference = ENV_REFERENCE.matcher(arg);
            StringBuilder expanded = new StringBuilder();
            while (reference.find()) {
                assertThat(env).as("argument " + arg + " refers to a defined variable")
                        .containsKey(reference.group(1));
                reference.appendReplacement(expanded, Matcher.quoteReplacement(env.get(reference.group(1))));
            }
            return reference.appendTail(expanded).toString();
        }).toArray(String[]::new);
    }

    /** Every file flag points into a volume the container mounts. */
    private static void assertMountedFilesExist(Container container, ParseResult parsed, String... flags) {
        for (String flag : flags) {
            if (!parsed.hasMatchedOption(flag)) {
                continue;
            }
            String file = parsed.matchedOptionValue(flag, Path.of("")).toString();
            assertThat(container.getVolumeMounts()).as(flag + " " + file)
                    .anyMatch(mount -> file.startsWith(mount.getMountPath() + "/"));
        }
    }

    private static PrintStream silent() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}

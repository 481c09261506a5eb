package io.egressfed.e2e.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README promises: the hub starts from {@code bin/egressfed-hub}, prints a bootstrap token and
 * the agent's command line, and an agent started from {@code bin/egressfed-agent} with exactly that
 * command enrolls, connects and applies its cluster's config.
 */
class LaunchersTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path temp;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void anAgentStartedWithTheCommandTheHubPrintsEnrollsConnectsAndAppliesItsConfig() throws IOException {
        Output hub = start(List.of(REPO.resolve("bin/egressfed-hub").toString(), "--dev",
                "--data-dir", temp.resolve("hub").toString(), "--grpc-port", "0", "--http-port", "0",
                "--apply", REPO.resolve("examples").toString(), "--enroll", "eu-central-1"));
        await().atMost(Duration.ofSeconds(120)).until(() -> hub.stdout.stream().anyMatch(l -> l.contains("--hub ")));
        String printed = hub.stdout.stream().filter(l -> l.contains("bin/egressfed-agent")).findFirst().orElseThrow()
                .trim();
        List<String> agentCommand = new ArrayList<>(Arrays.asList(printed.split(" ")));
        agentCommand.set(0, REPO.resolve(agentCommand.get(0)).toString());
        int stateDir = agentCommand.indexOf("--state-dir");
        agentCommand.set(stateDir + 1, temp.resolve("agent").toString());
        agentCommand.addAll(List.of("--http-port", "0", "--bind-address", "127.0.0.1"));

        long started = System.nanoTime();
        Output agent = start(agentCommand);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(agent.stderr).anyMatch(line -> line.matches(".*ConfigPipeline - applied config version [0-9]+$")));
        System.out.printf("agent started from bin/egressfed-agent applied its first config after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertThat(agent.stderr).anyMatch(line -> line.contains("billing-card-gateway"));
        assertThat(Files.list(temp.resolve("agent").resolve("credentials")).map(p -> p.getFileName().toString()))
                .contains("tls.key", "tls.crt", "ca.crt");
    }

    private Output start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
        builder.environment().put("JAVA_OPTS", "-Xmx256m");
        Process process = builder.start();
        processes.add(process);
        Output output = new Output();
        drain(process.getInputStream(), output.stdout);
        drain(process.getErrorStream(), output.stderr);
        return output;
    }

    private static void drain(InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output closed: " + e.getMessage() + ")");
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static final class Output {
        final List<String> stdout = new CopyOnWriteArrayList<>();
        final List<String> stderr = new CopyOnWriteArrayList<>();
    }
}

package io.egressfed.e2e.bench.fleet;

import io.egressfed.api.envelope.Ed25519Pem;
import io.egressfed.e2e.lab.chaos.JavaCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link LightAgentFleet} in a child JVM ({@link FleetMain}); closing it stops the child. */
public final class FleetProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetProcess.class);

    private final Process process;
    private final Path directory;

    private FleetProcess(Process process, Path directory) {
        this.process = process;
        this.directory = directory;
    }

    /**
     * Starts the child and returns once it reports every agent connected.
     *
     * @param target the hub (exactly one signing key is passed on)
     * @param members the agents
     * @param timeout how long connecting may take
     * @return the running fleet
     * @throws TimeoutException when the child did not report in time (it is stopped)
     * @throws IOException when the child cannot start or exits early
     */
    public static FleetProcess start(LightAgentFleet.Target target, List<LightAgentFleet.Member> members,
            Duration timeout) throws Exception {
        Path directory = Files.createTempDirectory("egressfed-bench-fleet-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path key = directory.resolve("hub-signing-key.pub.pem");
        Ed25519Pem.writePublicKey(target.signingKeys().get(0), key);
        Path membersFile = directory.resolve("members");
        List<String> lines = new ArrayList<>();
        members.forEach(m -> lines.add(m.cluster() + " " + m.token().value()));
        Files.write(membersFile, lines, StandardCharsets.US_ASCII);
        JavaCommand java = JavaCommand.ofThisJvm();
        int heapMiB = Math.max(512, members.size() / 4);
        List<String> command = new JavaCommand(java.java(), java.classPath(),
                List.of("-Xmx" + heapMiB + "m", "-Xss512k", "-XX:+UseSerialGC"))
                .main(FleetMain.class.getName(), List.of(target.hubAddress(), target.caPin().sha256Hex(),
                        key.toString(), membersFile.toString(), String.valueOf(target.heartbeat().toMillis())));
        Process process = new ProcessBuilder(command)
                .redirectError(directory.resolve("fleet.log").toFile())
                .start();
        FleetProcess fleet = new FleetProcess(process, directory);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith(FleetMain.CONNECTED)) {
                            return line;
                        }
                    }
                    return "";
                } catch (IOException e) {
                    return "";
                }
            });
            String line = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line.isEmpty()) {
                throw new IOException("the agent fleet exited before connecting; see " + directory.resolve("fleet.log"));
            }
            return fleet;
        } catch (Exception failure) {
            fleet.close();
            throw failure;
        }
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** Stops the child (closing its standard input, then destroying it if it lingers). */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
        LOG.debug("agent fleet {} stopped", process.pid());
    }
}

package io.egressfed.testsupport;

import io.egressfed.testsupport.net.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real single-member etcd server on loopback, for tests.
 *
 * <p>Each launcher owns a fresh temporary directory (etcd creates its data directory inside it)
 * and a pair of free loopback ports (client and peer) that stay the same across
 * {@link #restart()}, so a restarted server serves the same data at the same endpoint.
 * The server's output goes to a log file whose tail is quoted when startup fails.
 *
 * <p>Thread-safe: lifecycle methods are serialized.
 */
public final class EtcdLauncher implements AutoCloseable {

    /** How long {@link #start()} waits for the server to report healthy by default. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(EtcdLauncher.class);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 30;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration HEALTH_POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final Path binary;
    private final Duration startupTimeout;
    private final Path baseDir;
    private final Path dataDir;
    private final Path logFile;
    private final int clientPort;
    private final int peerPort;
    private final HttpClient http;
    private final Thread shutdownHook;
    private volatile Process process;
    private boolean closed;

    /**
     * Prepares (but does not start) a server: creates the temp directory and picks free ports.
     *
     * @param binary the etcd executable, usually from {@link EtcdBinary#locate()}
     * @param startupTimeout how long {@link #start()} waits for the server to become healthy
     * @throws UncheckedIOException when the temp directory or the ports cannot be obtained
     */
    public EtcdLauncher(Path binary, Duration startupTimeout) {
        this.binary = binary;
        this.startupTimeout = startupTimeout;
        try {
            this.baseDir = Files.createTempDirectory("egressfed-etcd-");
            // Outside the ephemeral range: the ports are reused by restart(), after any connection
            // on the machine could have taken an ephemeral one.
            LoopbackPorts ports = new LoopbackPorts();
            this.clientPort = ports.next();
            this.peerPort = ports.next();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a temp dir and ports for etcd", e);
        }
        this.dataDir = baseDir.resolve("data");
        this.logFile = baseDir.resolve("etcd.log");
        this.http = HttpClient.newBuilder().connectTimeout(HEALTH_REQUEST_TIMEOUT).build();
        this.shutdownHook = new Thread(this::killQuietly, "etcd-launcher-shutdown-" + clientPort);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a new server with the default startup timeout, retrying on fresh ports when another
     * process grabbed the chosen ones between probing and binding.
     *
     * @param binary the etcd executable
     * @return a running, healthy server
     * @throws IllegalStateException when etcd does not become healthy; the message quotes its log
     */
    public static EtcdLauncher startNew(Path binary) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            EtcdLauncher launcher = new EtcdLauncher(binary, DEFAULT_STARTUP_TIMEOUT);
            try {
                launcher.start();
                return launcher;
            } catch (IllegalStateException e) {
                launcher.close();
                last = e;
                if (!e.getMessage().contains("address already in use")) {
                    break;
                }
            }
        }
        throw last;
    }

    /**
     * Starts the server (on the same data directory and ports as before, if it ran already) and
     * waits until its {@code /health} endpoint reports healthy.
     *
     * @throws IllegalStateException when already running, closed, or not healthy in time (the
     *     message includes the tail of etcd's log)
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("etcd launcher is closed");
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("etcd is already running at " + endpoint());
        }
        String member = "egressfed-test";
        String peerUrl = "http://127.0.0.1:" + peerPort;
        List<String> command = List.of(
                binary.toString(),
                "--name", member,
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", endpoint(),
                "--advertise-client-urls", endpoint(),
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", member + "=" + peerUrl,
                "--initial-cluster-state", "new",
                "--logger=zap",
                "--log-level=warn");
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot execute " + binary + ": " + e.getMessage(), e);
        }
        awaitHealthy();
        LOG.debug("etcd started at {} (data dir {})", endpoint(), dataDir);
    }

    /**
     * Stops the server gracefully (SIGTERM), escalating to SIGKILL when it does not exit in time.
     * Does nothing when it is not running. Data and ports are kept for {@link #restart()}.
     */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(process)) {
            LOG.warn("etcd at {} ignored SIGTERM for {}; killing it", endpoint(), STOP_TIMEOUT);
            process.destroyForcibly();
            waitForExit(process);
        }
    }

    /**
     * Kills the server abruptly (SIGKILL), as a crash would. Data and ports are kept.
     */
    public synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        waitForExit(process);
    }

    /**
     * Stops the server if it runs, then starts it again on the same data directory and ports.
     *
     * @throws IllegalStateException when it does not become healthy again
     */
    public synchronized void restart() {
        stop();
        start();
    }

    /**
     * Tells whether the server process is alive (not whether it is healthy).
     *
     * @return true while the process runs
     */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * The client URL, e.g. {@code http://127.0.0.1:40123}; stable across restarts.
     *
     * @return the client endpoint
     */
    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    /**
     * The etcd data directory (created by etcd on first start).
     *
     * @return the data directory
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Stops the server and deletes its temporary directory. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            LOG.debug("JVM is shutting down; the shutdown hook stops etcd at {}", endpoint());
        }
        deleteRecursively(baseDir);
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
                .timeout(HEALTH_REQUEST_TIMEOUT)
                .GET()
                .build();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with code " + process.exitValue()
                        + " before becoming healthy at " + endpoint() + "; log tail:\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"health\":\"true\"")) {
                    return;
                }
                lastProblem = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("interrupted while waiting for etcd at " + endpoint(), e);
            }
            LockSupport.parkNanos(HEALTH_POLL_INTERVAL.toNanos());
        }
        process.destroyForcibly();
        waitForExit(process);
        throw new IllegalStateException("etcd at " + endpoint() + " not healthy within " + startupTimeout
                + " (last health check: " + lastProblem + "); log tail:\n" + logTail());
    }

    private String logTail() {
        try {
            if (!Files.exists(logFile)) {
                return "(no output)";
            }
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
            return String.join("\n", tail);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean waitForExit(Process process) {
        try {
            return process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void killQuietly() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("could not delete etcd temp dir {}: {}", root, e.toString());
        }
    }
}

package io.egressfed.e2e.lab.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The external host: a TCP listener (python3, run in the external namespace) that accepts every
 * connection on {@link NetnsTopology#EXTERNAL_ADDRESS} and reports its peer address; this class records
 * each with the monotonic time it was reported.
 */
public final class ExternalHost implements AutoCloseable {

    /** The port the external host listens on. */
    public static final int PORT = 8080;

    private static final String LISTENER = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind((sys.argv[1], int(sys.argv[2])))",
            "s.listen(256)",
            "print('LISTENING', flush=True)",
            "while True:",
            "    c, peer = s.accept()",
            "    print(peer[0], flush=True)",
            "    c.close()");

    /**
     * One accepted connection.
     *
     * @param source the source address it arrived with
     * @param atNanos when it was reported
     */
    public record Connection(String source, long atNanos) {
    }

    private final Process process;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    private ExternalHost(Process process) {
        this.process = process;
    }

    /**
     * Starts the listener in {@code namespace}; returns once it listens.
     *
     * @throws IOException when it cannot start or does not listen within 10 s
     */
    public static ExternalHost start(String namespace) throws IOException {
        Process process = new ProcessBuilder("ip", "netns", "exec", namespace, "python3", "-u", "-c", LISTENER,
                NetnsTopology.EXTERNAL_ADDRESS, String.valueOf(PORT)).redirectErrorStream(true).start();
        ExternalHost host = new ExternalHost(process);
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> host.read(listening), "external-host");
        reader.setDaemon(true);
        reader.start();
        try {
            listening.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            host.close();
            throw new IOException("the external host's listener did not start: " + e.getMessage(), e);
        }
        return host;
    }

    private void read(CompletableFuture<Void> listening) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals("LISTENING")) {
                    listening.complete(null);
                } else if (!line.isBlank()) {
                    connections.add(new Connection(line.trim(), System.nanoTime()));
                }
            }
            listening.completeExceptionally(new IOException("the listener exited"));
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
    }

    /** Every connection accepted so far, in order. */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** The connections accepted at or after {@code sinceNanos}. */
    public List<Connection> since(long sinceNanos) {
        return connections.stream().filter(c -> c.atNanos() >= sinceNanos).toList();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

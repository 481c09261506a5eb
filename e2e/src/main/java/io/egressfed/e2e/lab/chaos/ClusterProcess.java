package io.egressfed.e2e.lab.chaos;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@code egressfed-lab cluster --control-stdin} process seen from the chaos runner: commands go in
 * on its standard input, answers come back in order (see {@link ControlChannel}).
 */
final class ClusterProcess {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final String cluster;
    private final Deque<CompletableFuture<String>> pending = new ArrayDeque<>();
    private volatile ChildProcess process;

    ClusterProcess(String cluster) {
        this.cluster = cluster;
    }

    /** Attaches the started process; its answers complete the pending commands in order. */
    void attach(ChildProcess started) {
        this.process = started;
    }

    /** Where the process delivers its control answers. */
    void answered(String answer) {
        CompletableFuture<String> head;
        synchronized (pending) {
            head = pending.poll();
        }
        if (head != null) {
            head.complete(answer);
        }
    }

    /**
     * Sends a command; completes with the answer, exceptionally when it is an error or none comes in time.
     */
    CompletableFuture<String> command(String command) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        synchronized (pending) {
            pending.add(answer);
            process.send(command);
        }
        return answer.orTimeout(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).thenApply(text -> {
            if (text.startsWith("error")) {
                throw new IllegalStateException(cluster + ": " + command + " failed: " + text);
            }
            return text;
        });
    }

    /** The cluster's name. */
    String cluster() {
        return cluster;
    }
}

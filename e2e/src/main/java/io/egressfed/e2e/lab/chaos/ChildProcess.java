package io.egressfed.e2e.lab.chaos;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process of the chaos lab: its output goes to a log file, lines starting with
 * {@link ControlChannel#PREFIX} also to a listener; its standard input takes commands.
 */
final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final long STOP_WAIT_SECONDS = 10;

    private final String name;
    private final Process process;
    private final Writer stdin;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code command}, appending its output to {@code log}.
     *
     * @param control told each control answer line, without the prefix
     * @throws UncheckedIOException when the process cannot be started
     */
    static ChildProcess start(String name, List<String> command, Path log, Consumer<String> control) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            ChildProcess child = new ChildProcess(name, process);
            Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Thread drain = new Thread(() -> child.drain(logWriter, control), "chaos-output-" + name);
            drain.setDaemon(true);
            drain.start();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    private void drain(Writer log, Consumer<String> control) {
        try (log; BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ControlChannel.PREFIX)) {
                    control.accept(line.substring(ControlChannel.PREFIX.length()));
                }
                log.write(line);
                log.write(System.lineSeparator());
                log.flush();
            }
        } catch (IOException e) {
            LOG.debug("{}: output ended: {}", name, e.toString());
        }
    }

    /** The process's name in the lab, e.g. {@code hub-0}. */
    String name() {
        return name;
    }

    /** Whether it still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /**
     * Writes one line to its standard input.
     *
     * @throws UncheckedIOException when the process no longer reads it
     */
    synchronized void send(String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " does not take commands any more: " + e.getMessage(), e);
        }
    }

    /** SIGKILL, as a crash; returns once it is gone. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM, then SIGKILL when it does not exit in time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor()) {
            LOG.warn("{} ignored SIGTERM for {} s; killing it", name, STOP_WAIT_SECONDS);
            kill();
        }
    }

    /** For the JVM's shutdown hook: no waiting. */
    void destroyForcibly() {
        process.destroyForcibly();
    }

    private boolean waitFor() {
        try {
            return process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package io.egressfed.e2e.lab.dataplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Appends the start and end of every hold (cluster, IP, gateway node) to a file as JSON lines, one
 * {@link HoldEvent} per line, flushed at once, so that another process (the chaos runner) can merge
 * the holds of several cluster processes on one timeline.
 *
 * <p>Times are {@link System#nanoTime()} readings. On Linux, HotSpot reads {@code CLOCK_MONOTONIC}
 * for it (os::javaTimeNanos), a system-wide clock counting from boot, so readings of different
 * processes on one machine are comparable; the chaos runner checks this at start by asking each cluster
 * process for a reading between two of its own.
 */
public final class HoldJournal implements HoldListener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;
    private final Map<String, Set<NodeHold>> current = new HashMap<>();
    private boolean closed;

    private HoldJournal(BufferedWriter out) {
        this.out = out;
    }

    /**
     * Opens {@code file} for appending, creating it when missing.
     *
     * @throws UncheckedIOException when the file cannot be opened
     */
    public static HoldJournal append(Path file) {
        try {
            return new HoldJournal(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the hold journal " + file, e);
        }
    }

    /** Writes an end for each hold that disappeared and a start for each that appeared. */
    @Override
    public synchronized void observed(String cluster, Set<NodeHold> held, long atNanos) {
        Objects.requireNonNull(cluster, "cluster");
        if (closed) {
            return;
        }
        Set<NodeHold> before = current.getOrDefault(cluster, Set.of());
        Set<NodeHold> ended = new TreeSet<>(before);
        ended.removeAll(held);
        Set<NodeHold> started = new TreeSet<>(held);
        started.removeAll(before);
        try {
            for (NodeHold hold : ended) {
                write(new HoldEvent(cluster, hold.ip(), hold.node(), HoldEvent.END, atNanos));
            }
            for (NodeHold hold : started) {
                write(new HoldEvent(cluster, hold.ip(), hold.node(), HoldEvent.START, atNanos));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the hold journal", e);
        }
        current.put(cluster, new HashSet<>(held));
    }

    private void write(HoldEvent event) throws IOException {
        try {
            out.write(JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a HoldEvent always serializes", e);
        }
        out.newLine();
    }

    /** Closes the file; holds still open stay open in it (the reader ends them when it stops reading). */
    @Override
    public synchronized void close() {
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the hold journal", e);
        }
    }

    /**
     * Parses one journal line.
     *
     * @throws IllegalArgumentException when the line is not a hold event
     */
    public static HoldEvent parse(String line) {
        try {
            return JSON.readValue(line, HoldEvent.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a hold event: " + line + " (" + e.getMessage() + ")", e);
        }
    }
}

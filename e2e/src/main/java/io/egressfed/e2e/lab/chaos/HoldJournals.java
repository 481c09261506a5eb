package io.egressfed.e2e.lab.chaos;

import io.egressfed.e2e.lab.dataplane.HoldEvent;
import io.egressfed.e2e.lab.dataplane.HoldJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Merges the hold journals that the cluster processes append to (one file each) into one timeline.
 * A line still being written (no newline yet) is left for the next read.
 */
final class HoldJournals {

    private final List<Path> files;

    HoldJournals(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** Every hold so far; those still open end at {@code endNanos}. */
    List<Hold> holds(long endNanos) {
        List<Hold> holds = new ArrayList<>();
        Map<String, Long> open = new HashMap<>();
        for (HoldEvent event : events()) {
            String key = event.cluster() + " " + event.ip() + " " + event.node();
            if (event.starts()) {
                open.putIfAbsent(key, event.nanos());
            } else {
                Long from = open.remove(key);
                if (from != null) {
                    holds.add(new Hold(event.cluster(), event.ip(), event.node(), from, event.nanos()));
                }
            }
        }
        open.forEach((key, from) -> {
            String[] parts = key.split(" ");
            holds.add(new Hold(parts[0], parts[1], parts[2], from, Math.max(from, endNanos)));
        });
        return holds;
    }

    /** The IPs {@code cluster} holds now. */
    Set<String> heldNow(String cluster) {
        Set<String> held = new TreeSet<>();
        long now = System.nanoTime();
        for (Hold hold : holds(Long.MAX_VALUE)) {
            if (hold.cluster().equals(cluster) && hold.toNanos() == Long.MAX_VALUE && hold.fromNanos() <= now) {
                held.add(hold.ip());
            }
        }
        return held;
    }

    private List<HoldEvent> events() {
        List<HoldEvent> events = new ArrayList<>();
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the hold journal " + file, e);
            }
            int complete = text.lastIndexOf('\n');
            if (complete < 0) {
                continue;
            }
            for (String line : text.substring(0, complete).split("\n")) {
                if (!line.isBlank()) {
                    events.add(HoldJournal.parse(line));
                }
            }
        }
        return events;
    }
}

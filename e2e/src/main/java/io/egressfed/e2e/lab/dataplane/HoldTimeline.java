package io.egressfed.e2e.lab.dataplane;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Which cluster held which egress IP when: the intervals per (cluster, IP), built from successive
 * observations of the full set each cluster holds. Thread-safe.
 */
public final class HoldTimeline {

    private final List<HoldInterval> closed = new ArrayList<>();
    /** cluster -> ip -> start of the open interval. */
    private final Map<String, Map<String, Long>> open = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(String cluster, String ip, long notBeforeNanos, CompletableFuture<HoldInterval> result) {
    }

    /**
     * Records that, as observed at {@code atNanos}, {@code cluster} holds exactly {@code held}: opens an
     * interval for each new IP and closes the interval of each IP no longer held.
     */
    public void record(String cluster, Set<String> held, long atNanos) {
        Objects.requireNonNull(cluster, "cluster");
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            Map<String, Long> current = open.computeIfAbsent(cluster, c -> new HashMap<>());
            for (Iterator<Map.Entry<String, Long>> it = current.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Long> entry = it.next();
                if (!held.contains(entry.getKey())) {
                    closed.add(new HoldInterval(cluster, entry.getKey(), entry.getValue(), OptionalLong.of(atNanos)));
                    it.remove();
                }
            }
            for (String ip : held) {
                if (current.putIfAbsent(ip, atNanos) == null) {
                    HoldInterval started = new HoldInterval(cluster, ip, atNanos, OptionalLong.empty());
                    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                        Waiter waiter = it.next();
                        if (waiter.cluster().equals(cluster) && waiter.ip().equals(ip)
                                && atNanos >= waiter.notBeforeNanos()) {
                            it.remove();
                            completions.add(() -> waiter.result().complete(started));
                        }
                    }
                }
            }
        }
        // Completed outside the lock: a dependent action may read the timeline.
        completions.forEach(Runnable::run);
    }

    /** Every interval so far, closed ones first in the order they closed, then the open ones. */
    public synchronized List<HoldInterval> intervals() {
        List<HoldInterval> all = new ArrayList<>(closed);
        open.forEach((cluster, ips) -> ips.forEach((ip, from) ->
                all.add(new HoldInterval(cluster, ip, from, OptionalLong.empty()))));
        return all;
    }

    /** The IPs {@code cluster} holds now, sorted. */
    public synchronized Set<String> held(String cluster) {
        return new TreeSet<>(open.getOrDefault(cluster, Map.of()).keySet());
    }

    /** The clusters that held {@code ip} at the instant {@code atNanos}, sorted. */
    public synchronized Set<String> holders(String ip, long atNanos) {
        Set<String> holders = new TreeSet<>();
        for (HoldInterval interval : intervals()) {
            if (interval.ip().equals(ip) && interval.covers(atNanos)) {
                holders.add(interval.cluster());
            }
        }
        return holders;
    }

    /**
     * Completes with the first interval in which {@code cluster} holds {@code ip} that started at or
     * after {@code notBeforeNanos}: at once if there is one, else when it starts. Never completes if it
     * never starts; callers bound the wait with {@link CompletableFuture#orTimeout}.
     */
    public CompletableFuture<HoldInterval> nextHold(String cluster, String ip, long notBeforeNanos) {
        CompletableFuture<HoldInterval> result = new CompletableFuture<>();
        HoldInterval found = null;
        synchronized (this) {
            for (HoldInterval interval : intervals()) {
                if (interval.cluster().equals(cluster) && interval.ip().equals(ip)
                        && interval.fromNanos() >= notBeforeNanos
                        && (found == null || interval.fromNanos() < found.fromNanos())) {
                    found = interval;
                }
            }
            if (found == null) {
                waiters.add(new Waiter(cluster, ip, notBeforeNanos, result));
            }
        }
        if (found != null) {
            result.complete(found);
        }
        return result;
    }
}

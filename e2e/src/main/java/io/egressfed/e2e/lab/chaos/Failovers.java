package io.egressfed.e2e.lab.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The cross-cluster moves of egress IPs read from the holds: each time an IP is next held by another
 * cluster than the one that held it last, the gap between the old hold's end and the new one's start
 * is a failover time (zero when they touch; an overlap is a {@link Invariant#SINGLE_HOLDER} violation
 * and counts as zero here).
 *
 * @param count    how many moves
 * @param maxNanos the longest gap, 0 without moves
 */
public record Failovers(int count, long maxNanos) {

    /** Counts the moves in {@code holds}. */
    public static Failovers of(List<Hold> holds) {
        int count = 0;
        long max = 0;
        Map<String, List<Hold>> byIp = holds.stream()
                .collect(Collectors.groupingBy(Hold::ip, TreeMap::new, Collectors.toList()));
        for (List<Hold> ofIp : byIp.values()) {
            List<Hold> spans = coalescePerCluster(ofIp);
            spans.sort(Comparator.comparingLong(Hold::fromNanos));
            for (int i = 1; i < spans.size(); i++) {
                Hold before = spans.get(i - 1);
                Hold after = spans.get(i);
                if (!before.cluster().equals(after.cluster())) {
                    count++;
                    max = Math.max(max, Math.max(0, after.fromNanos() - before.toNanos()));
                }
            }
        }
        return new Failovers(count, max);
    }

    /** Joins the holds of one cluster that overlap or touch (a re-point between its own gateway nodes). */
    private static List<Hold> coalescePerCluster(List<Hold> holds) {
        List<Hold> sorted = new ArrayList<>(holds);
        sorted.sort(Comparator.comparing(Hold::cluster).thenComparingLong(Hold::fromNanos));
        List<Hold> joined = new ArrayList<>();
        for (Hold hold : sorted) {
            Hold last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && last.cluster().equals(hold.cluster()) && hold.fromNanos() <= last.toNanos()) {
                joined.set(joined.size() - 1, new Hold(last.cluster(), last.ip(), last.node(), last.fromNanos(),
                        Math.max(last.toNanos(), hold.toNanos())));
            } else {
                joined.add(hold);
            }
        }
        return joined;
    }
}

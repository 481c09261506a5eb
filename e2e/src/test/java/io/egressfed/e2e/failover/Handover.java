package io.egressfed.e2e.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.e2e.lab.dataplane.HoldInterval;
import io.egressfed.e2e.lab.dataplane.HoldTimeline;
import java.util.Comparator;
import java.util.List;

/**
 * How one egress IP passed from one cluster to another, read from the dataplane observer's hold
 * intervals (all on the lab's monotonic clock).
 *
 * @param ip          the egress IP
 * @param from        the cluster that held it before
 * @param to          the cluster that holds it after
 * @param releasedAt  when {@code from}'s last hold before the move ended
 * @param takenAt     when {@code to}'s hold began
 */
record Handover(String ip, String from, String to, long releasedAt, long takenAt) {

    /**
     * Finds the first hold of {@code ip} by {@code to} that began at or after {@code notBefore}, and the
     * hold of {@code from} that preceded it; asserts that the latter had ended when the former began, and
     * that no two clusters ever held the IP at the same instant.
     */
    static Handover of(HoldTimeline timeline, String ip, String from, String to, long notBefore) {
        List<HoldInterval> intervals = timeline.intervals().stream().filter(i -> i.ip().equals(ip)).toList();
        assertNeverHeldByTwo(ip, intervals);
        HoldInterval taken = intervals.stream()
                .filter(i -> i.cluster().equals(to) && i.fromNanos() >= notBefore)
                .min(Comparator.comparingLong(HoldInterval::fromNanos))
                .orElseThrow(() -> new AssertionError(to + " never held " + ip + " after the event; holds: "
                        + intervals));
        HoldInterval released = intervals.stream()
                .filter(i -> i.cluster().equals(from) && i.fromNanos() < taken.fromNanos())
                .max(Comparator.comparingLong(HoldInterval::fromNanos))
                .orElseThrow(() -> new AssertionError(from + " never held " + ip + " before " + to + " did; holds: "
                        + intervals));
        assertThat(released.toNanos())
                .as("%s must have stopped holding %s before %s began (holds: %s)", from, ip, to, intervals)
                .isPresent();
        assertThat(released.toNanos().getAsLong())
                .as("end of %s's hold on %s vs start of %s's", from, ip, to)
                .isLessThanOrEqualTo(taken.fromNanos());
        return new Handover(ip, from, to, released.toNanos().getAsLong(), taken.fromNanos());
    }

    /** Asserts that at no instant two clusters held {@code ip} (intervals are half-open). */
    static void assertNeverHeldByTwo(HoldTimeline timeline, String ip) {
        assertNeverHeldByTwo(ip, timeline.intervals().stream().filter(i -> i.ip().equals(ip)).toList());
    }

    private static void assertNeverHeldByTwo(String ip, List<HoldInterval> intervals) {
        for (HoldInterval a : intervals) {
            for (HoldInterval b : intervals) {
                if (a.cluster().compareTo(b.cluster()) < 0 && overlap(a, b)) {
                    throw new AssertionError(ip + " was held by " + a.cluster() + " and " + b.cluster()
                            + " at the same time: " + a + " overlaps " + b);
                }
            }
        }
    }

    private static boolean overlap(HoldInterval a, HoldInterval b) {
        long aEnd = a.toNanos().orElse(Long.MAX_VALUE);
        long bEnd = b.toNanos().orElse(Long.MAX_VALUE);
        return a.fromNanos() < bEnd && b.fromNanos() < aEnd;
    }

    /** Milliseconds from {@code eventNanos} to the moment {@link #to} began holding the IP. */
    long takenMillisAfter(long eventNanos) {
        return Math.round((takenAt - eventNanos) / 1e6);
    }

    /** Milliseconds from {@code eventNanos} to the moment {@link #from} stopped holding the IP. */
    long releasedMillisAfter(long eventNanos) {
        return Math.round((releasedAt - eventNanos) / 1e6);
    }

    /** Milliseconds during which neither cluster held the IP. */
    long gapMillis() {
        return Math.round((takenAt - releasedAt) / 1e6);
    }
}

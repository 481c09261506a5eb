package io.egressfed.e2e.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * Order statistics of measured durations (nearest-rank percentiles), in milliseconds.
 *
 * @param count how many samples
 * @param p50Millis the median
 * @param p95Millis the 95th percentile
 * @param p99Millis the 99th percentile
 * @param maxMillis the largest sample
 */
public record Latencies(int count, double p50Millis, double p95Millis, double p99Millis, double maxMillis) {

    /** Requires at least one sample and ordered percentiles. */
    public Latencies {
        if (count < 1) {
            throw new IllegalArgumentException("count: at least one sample is needed, got " + count);
        }
        if (!(p50Millis <= p95Millis && p95Millis <= p99Millis && p99Millis <= maxMillis)) {
            throw new IllegalArgumentException("percentiles must be ordered: p50 " + p50Millis + ", p95 " + p95Millis
                    + ", p99 " + p99Millis + ", max " + maxMillis);
        }
    }

    /**
     * Summarizes samples.
     *
     * @param nanos the measured durations in nanoseconds, none negative
     * @return their percentiles
     * @throws IllegalArgumentException when there is no sample or one is negative
     */
    public static Latencies ofNanos(Collection<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException("nanos: at least one sample is needed");
        }
        if (sorted[0] < 0) {
            throw new IllegalArgumentException("nanos: a duration cannot be negative, got " + sorted[0]);
        }
        return new Latencies(sorted.length, millis(rank(sorted, 50)), millis(rank(sorted, 95)),
                millis(rank(sorted, 99)), millis(sorted[sorted.length - 1]));
    }

    /** The nearest-rank percentile: the smallest sample with at least {@code percent}% of samples at or below it. */
    static long rank(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** {@code "12.3 ms"}, or microseconds below one millisecond. */
    public static String format(double millis) {
        if (millis < 1) {
            return String.format(Locale.ROOT, "%.0f µs", millis * 1000);
        }
        return String.format(Locale.ROOT, millis < 100 ? "%.1f ms" : "%.0f ms", millis);
    }

    /** The four figures as table cells: p50, p95, p99, max. */
    public String[] cells() {
        return Arrays.stream(new double[] {p50Millis, p95Millis, p99Millis, maxMillis})
                .mapToObj(Latencies::format).toArray(String[]::new);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}

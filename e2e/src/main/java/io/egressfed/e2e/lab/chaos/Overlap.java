package io.egressfed.e2e.lab.chaos;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A span during which several clusters held one IP at once.
 *
 * @param ip          the IP
 * @param clusters    the clusters holding it during the span (at least two), sorted
 * @param startNanos  when the second holder began, on the monotonic clock
 * @param lengthNanos how long it lasted
 */
public record Overlap(String ip, Set<String> clusters, long startNanos, long lengthNanos) {

    /** Copies and sorts the clusters. */
    public Overlap {
        Objects.requireNonNull(ip, "ip");
        clusters = Set.copyOf(new TreeSet<>(clusters));
        if (clusters.size() < 2) {
            throw new IllegalArgumentException("clusters: an overlap needs two holders, got " + clusters);
        }
    }

    /** The violation, with the start relative to {@code originNanos} (e.g. the start of the run). */
    public Violation violation(long originNanos) {
        return new Violation(Invariant.SINGLE_HOLDER, String.format(Locale.ROOT,
                "%s held by %s at once from t=%.3f s for %.3f s", ip, String.join(" and ", new TreeSet<>(clusters)),
                (startNanos - originNanos) / 1e9, lengthNanos / 1e9));
    }
}

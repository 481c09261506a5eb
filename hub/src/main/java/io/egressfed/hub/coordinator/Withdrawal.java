package io.egressfed.hub.coordinator;

import java.util.Map;

/**
 * What the coordinator remembers about a WITHDRAWING record at its current epoch.
 *
 * @param sinceNanos when the withdrawal commit was acknowledged by the store, or when this coordinator
 *     first saw the record if another one wrote it ({@link System#nanoTime()}'s scale)
 * @param fencedVersions per withdrawn cluster, the config version that carried its FENCED assignment at
 *     this epoch (absent until that config is published)
 */
public record Withdrawal(long sinceNanos, Map<String, Long> fencedVersions) {

    /** Copies the map. */
    public Withdrawal {
        fencedVersions = Map.copyOf(fencedVersions);
    }

    /**
     * A withdrawal first seen at a time, with no published FENCED config known yet.
     *
     * @param sinceNanos when
     * @return the withdrawal
     */
    public static Withdrawal since(long sinceNanos) {
        return new Withdrawal(sinceNanos, Map.of());
    }
}

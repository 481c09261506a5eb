package io.egressfed.e2e.bench.fleet;

import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.apply.ConfigApplier;
import io.egressfed.api.v1alpha1.ClusterConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory backend of a lightweight agent: accepts every verified config at once and remembers
 * the newest version and how many configs it applied. The hub link has verified the signature before
 * this is called.
 */
final class RecordingApplier implements ConfigApplier {

    private final AtomicLong lastVersion = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();

    @Override
    public CompletableFuture<ApplyOutcome> apply(ClusterConfig config) {
        lastVersion.accumulateAndGet(config.getVersion(), Math::max);
        applied.incrementAndGet();
        return CompletableFuture.completedFuture(ApplyOutcome.applied(config.getVersion()));
    }

    /** The newest version applied, 0 before the first. */
    long lastVersion() {
        return lastVersion.get();
    }

    /** How many configs were applied. */
    long applied() {
        return applied.get();
    }
}

package io.egressfed.e2e.bench.fleet;

import io.egressfed.agent.apply.AppliedVersionStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** A lightweight agent's last applied config version, in memory (the agent never restarts in a benchmark). */
final class MemoryVersionStore implements AppliedVersionStore {

    private final AtomicLong version = new AtomicLong();

    @Override
    public CompletableFuture<Long> load() {
        return CompletableFuture.completedFuture(version.get());
    }

    @Override
    public CompletableFuture<Void> save(long applied) {
        version.accumulateAndGet(applied, Math::max);
        return CompletableFuture.completedFuture(null);
    }
}

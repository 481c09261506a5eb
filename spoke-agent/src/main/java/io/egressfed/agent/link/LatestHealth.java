package io.egressfed.agent.link;

import io.egressfed.agent.health.HealthReporter;
import io.egressfed.api.v1alpha1.HealthReport;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest health report, refreshed in the background, so that the link's heartbeat timer never waits
 * for the {@link HealthReporter}. At most one report is requested at a time: a reporter slower than the
 * heartbeat interval is not asked again until it answered. Thread-safe.
 */
final class LatestHealth {

    private static final Logger log = LoggerFactory.getLogger(LatestHealth.class);

    private final HealthReporter reporter;
    private final AtomicReference<HealthReport> latest = new AtomicReference<>();
    private final AtomicBoolean requesting = new AtomicBoolean();

    LatestHealth(HealthReporter reporter) {
        this.reporter = Objects.requireNonNull(reporter, "reporter");
    }

    /**
     * Asks for a fresh report (unless one is being produced) and returns the newest one at hand, which a
     * reporter that answers at once has just produced.
     *
     * @return the newest report, empty until the reporter answered once
     */
    Optional<HealthReport> refreshAndGet() {
        if (requesting.compareAndSet(false, true)) {
            CompletableFuture<HealthReport> report;
            try {
                report = Objects.requireNonNull(reporter.report(), "the health reporter returned no future");
            } catch (RuntimeException e) {
                report = CompletableFuture.failedFuture(e);
            }
            report.whenComplete((fresh, error) -> {
                if (error != null) {
                    log.warn("the health reporter failed; the previous report stays current: {}", error.toString());
                } else if (fresh != null) {
                    latest.set(fresh);
                }
                requesting.set(false);
            });
        }
        return Optional.ofNullable(latest.get());
    }
}

package io.egressfed.agent.link;

import io.egressfed.agent.health.HealthReporter;
import io.egressfed.api.v1alpha1.HealthReport;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest health report, refreshed in the background, so that the link's heartbeat timer never waits
 * for the {@link HealthReporter}. At most one heartbeat's report is requested at a time: a reporter
 * slower than the heartbeat interval is not asked again until it answered. A report asked for later
 * always replaces one asked for earlier, whichever answers first, so a heartbeat never sends a state
 * older than one already sent on a change. Thread-safe.
 */
final class LatestHealth {

    private static final Logger log = LoggerFactory.getLogger(LatestHealth.class);

    private final HealthReporter reporter;
    private final AtomicBoolean requesting = new AtomicBoolean();
    private final Object lock = new Object();
    // Guarded by lock: requests are numbered in the order they were made.
    private long requests;
    private long latestRequest;
    private HealthReport latest;

    LatestHealth(HealthReporter reporter) {
        this.reporter = Objects.requireNonNull(reporter, "reporter");
    }

    /** @return the reporter the reports come from */
    HealthReporter reporter() {
        return reporter;
    }

    /**
     * Asks for a fresh report (unless a heartbeat's one is being produced) and returns the newest one at
     * hand, which a reporter that answers at once has just produced.
     *
     * @return the newest report, empty until the reporter answered once
     */
    Optional<HealthReport> refreshAndGet() {
        if (requesting.compareAndSet(false, true)) {
            request().whenComplete((fresh, error) -> requesting.set(false));
        }
        synchronized (lock) {
            return Optional.ofNullable(latest);
        }
    }

    /**
     * Asks for a fresh report now, whatever else is being produced.
     *
     * @return completes with the report (or with one asked for later, which is newer and arrived first),
     *     empty when the reporter failed
     */
    CompletableFuture<Optional<HealthReport>> fresh() {
        return request();
    }

    private CompletableFuture<Optional<HealthReport>> request() {
        long number;
        CompletableFuture<HealthReport> report;
        // Numbered and asked under one lock, so that the numbers follow the order the reporter was asked in.
        synchronized (lock) {
            number = ++requests;
            try {
                report = Objects.requireNonNull(reporter.report(), "the health reporter returned no future");
            } catch (RuntimeException e) {
                report = CompletableFuture.failedFuture(e);
            }
        }
        return report.handle((fresh, error) -> {
            if (error != null) {
                log.warn("the health reporter failed; the previous report stays current: {}", error.toString());
                return Optional.empty();
            }
            if (fresh == null) {
                return Optional.empty();
            }
            synchronized (lock) {
                if (number < latestRequest) {
                    return Optional.of(latest);
                }
                latestRequest = number;
                latest = fresh;
                return Optional.of(fresh);
            }
        });
    }
}

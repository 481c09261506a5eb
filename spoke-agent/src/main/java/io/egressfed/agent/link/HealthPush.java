package io.egressfed.agent.link;

import io.egressfed.agent.health.HealthReporter;
import io.egressfed.api.v1alpha1.HealthReport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a health report as soon as the reporter says an assignment's health changed, so that the hub
 * hears of a failed gateway at once instead of with the next heartbeat. At most one such report goes out
 * per gap: changes arriving while a report is produced, or within the gap after the last one was asked
 * for, are covered by one more report, asked for when it is due and so carrying the newest state.
 * Heartbeats keep carrying reports as well. Thread-safe.
 */
final class HealthPush implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthPush.class);

    private final LatestHealth health;
    private final long gapNanos;
    private final ScheduledExecutorService scheduler;
    private final Consumer<HealthReport> send;

    private final Object lock = new Object();
    // Guarded by lock.
    private HealthReporter.Subscription subscription;
    private boolean closed;
    /** A change no report asked for yet covers. */
    private boolean changed;
    /** A report is scheduled or being produced. */
    private boolean busy;
    private boolean askedBefore;
    private long lastAskedNanos;

    /**
     * @param health    where reports come from (and where the heartbeats find the newest one)
     * @param gap       the least time between two reports sent on a change
     * @param scheduler runs the coalesced reports
     * @param send      puts a report on the current stream
     */
    HealthPush(LatestHealth health, Duration gap, ScheduledExecutorService scheduler, Consumer<HealthReport> send) {
        this.health = Objects.requireNonNull(health, "health");
        this.gapNanos = Objects.requireNonNull(gap, "gap").toNanos();
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.send = Objects.requireNonNull(send, "send");
    }

    /** Starts following the reporter's changes. */
    void start() {
        HealthReporter.Subscription subscribed = health.reporter().onChange(this::changed);
        boolean alreadyClosed;
        synchronized (lock) {
            alreadyClosed = closed;
            if (!alreadyClosed) {
                subscription = subscribed;
            }
        }
        if (alreadyClosed) {
            subscribed.close();
        }
    }

    /** Records a change and makes sure a report covering it goes out when the gap allows. */
    void changed() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            changed = true;
            if (!busy) {
                busy = true;
                scheduleLocked();
            }
        }
    }

    @Override
    public void close() {
        HealthReporter.Subscription ending;
        synchronized (lock) {
            closed = true;
            ending = subscription;
            subscription = null;
        }
        if (ending != null) {
            ending.close();
        }
    }

    private void scheduleLocked() {
        long delay = askedBefore ? Math.max(0, lastAskedNanos + gapNanos - System.nanoTime()) : 0;
        try {
            scheduler.schedule(this::push, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The agent is stopping; the report has nobody left to go to.
            busy = false;
            log.debug("health report on change not scheduled: {}", e.getMessage());
        }
    }

    private void push() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            changed = false;
            askedBefore = true;
            lastAskedNanos = System.nanoTime();
        }
        health.fresh().whenComplete((report, error) -> {
            try {
                if (report != null && !isClosed()) {
                    report.ifPresent(send);
                }
            } finally {
                synchronized (lock) {
                    busy = false;
                    if (changed && !closed) {
                        busy = true;
                        scheduleLocked();
                    }
                }
            }
        });
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }
}

package io.egressfed.agent.election;

import io.egressfed.agent.lease.LeaseGrantReceiver;
import io.egressfed.api.v1alpha1.LeaseGrant;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares this agent's takeover bound with the failover delay the hub states on its lease grants
 * ({@link TakeoverCheck}), and reports a mismatch by one WARN per change of the values and by the gauge
 * {@value #TAKEOVER_EXCEEDS_FAILOVER}. It never fences nor makes the agent unready: cutting egress because
 * a crash <em>could</em> be handled too late would turn a risk into an outage. Without leader election
 * there is no standby to take over, and the gauge stays 0. Grants without {@code failover_after} (from
 * hubs that predate it) change nothing. Thread-safe.
 */
public final class TakeoverMonitor {

    /** Gauge: 1 while the standby's takeover is not shorter than the hub's failover delay, else 0. */
    public static final String TAKEOVER_EXCEEDS_FAILOVER = "egressfed_agent_takeover_exceeds_failover";

    private static final Logger LOG = LoggerFactory.getLogger(TakeoverMonitor.class);

    private final Optional<LeaderElectionSettings> election;

    private final Object lock = new Object();
    // Guarded by lock.
    private Duration lastFailoverAfter;
    private boolean exceeds;

    /**
     * Registers the gauge at 0.
     *
     * @param registry the agent's registry
     * @param election the election's settings; empty when the agent runs without leader election
     * @throws IllegalStateException when the registry holds the gauge already
     */
    public TakeoverMonitor(PrometheusRegistry registry, Optional<LeaderElectionSettings> election) {
        this.election = Objects.requireNonNull(election, "election");
        GaugeWithCallback.builder().name(TAKEOVER_EXCEEDS_FAILOVER)
                .help("1 while a standby agent replica may take longer to take over (leader-election lease duration"
                        + " + retry period) than the hub waits before activating another cluster (lease duration +"
                        + " lease margin), else 0")
                .callback(callback -> callback.call(exceedsFailover() ? 1 : 0))
                .register(registry);
    }

    /**
     * Wraps a receiver: every grant goes to it first, then, if it was accepted, is checked.
     *
     * @param next the receiver of the grants (the lease keeper)
     * @return the receiver to hand to the hub link
     */
    public LeaseGrantReceiver watching(LeaseGrantReceiver next) {
        Objects.requireNonNull(next, "next");
        return grant -> {
            next.grant(grant);
            observe(grant);
        };
    }

    /** @return whether the last failover delay the hub stated is not longer than this agent's takeover */
    public boolean exceedsFailover() {
        synchronized (lock) {
            return exceeds;
        }
    }

    private void observe(LeaseGrant grant) {
        if (election.isEmpty() || !grant.hasFailoverAfter()) {
            return;
        }
        Duration failoverAfter = Duration.ofSeconds(grant.getFailoverAfter().getSeconds(),
                grant.getFailoverAfter().getNanos());
        synchronized (lock) {
            // Grants come every heartbeat with the same value: only a change is worth a look (and a log line).
            if (failoverAfter.equals(lastFailoverAfter)) {
                return;
            }
            lastFailoverAfter = failoverAfter;
            TakeoverCheck check;
            try {
                check = TakeoverCheck.of(election.get(), failoverAfter);
            } catch (IllegalArgumentException e) {
                LOG.warn("The hub's lease grant cannot be checked against this agent's takeover: {}", e.getMessage());
                return;
            }
            boolean wasExceeding = exceeds;
            exceeds = !check.safe();
            if (exceeds) {
                LOG.warn(check.warning());
            } else if (wasExceeding) {
                LOG.info(check.confirmation());
            } else {
                LOG.debug(check.confirmation());
            }
        }
    }
}

package io.egressfed.agent.election;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election over a {@code coordination.k8s.io/v1} Lease, with fabric8's elector (get, create and
 * resourceVersion-guarded update of the Lease). Runs once: a replica that lost the leadership does not
 * stand again, it is expected to exit and be restarted as a new candidate. Closing releases a held Lease,
 * so a standby takes over within a retry period instead of a lease duration. Thread-safe.
 */
public final class LeaseElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseElection.class);

    private final KubernetesClient client;
    private final LeaderElectionSettings settings;
    private final LeadershipListener listener;
    private final AtomicReference<String> leader = new AtomicReference<>("");

    private final Object lock = new Object();
    // Guarded by lock.
    private CompletableFuture<?> running;
    private boolean leading;
    private boolean closed;

    /**
     * Creates an election; nothing happens until {@link #start()}.
     *
     * @param client   the cluster's client
     * @param settings the Lease and timing
     * @param listener told when this replica gains and loses the leadership
     */
    public LeaseElection(KubernetesClient client, LeaderElectionSettings settings, LeadershipListener listener) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Stands as a candidate in the background.
     *
     * @throws IllegalStateException when already started or closed
     */
    public void start() {
        synchronized (lock) {
            if (running != null || closed) {
                throw new IllegalStateException("the leader election was already started");
            }
            running = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                    .withName("egressfed-agent")
                    .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
                    .withLeaseDuration(settings.leaseDuration())
                    .withRenewDeadline(settings.renewDeadline())
                    .withRetryPeriod(settings.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(this::onStartLeading, this::onStopLeading,
                            this::onNewLeader))
                    .build()).build().start();
        }
        LOG.info("Standing for leader: Lease {}/{} as {}", settings.namespace(), settings.leaseName(),
                settings.identity());
    }

    /** @return whether this replica holds the leadership now */
    public boolean isLeader() {
        synchronized (lock) {
            return leading;
        }
    }

    /** @return the identity of the leader last observed, empty when none was seen yet */
    public Optional<String> leader() {
        String current = leader.get();
        return current.isEmpty() ? Optional.empty() : Optional.of(current);
    }

    /** @return the settings */
    public LeaderElectionSettings settings() {
        return settings;
    }

    /** Stops standing; releases the Lease when held. The listener is not told. Idempotent. */
    @Override
    public void close() {
        CompletableFuture<?> stopping;
        synchronized (lock) {
            closed = true;
            stopping = running;
        }
        if (stopping != null) {
            stopping.cancel(true);
        }
    }

    private void onStartLeading() {
        synchronized (lock) {
            if (closed || leading) {
                return;
            }
            leading = true;
        }
        LOG.info("Elected leader: this replica ({}) holds Lease {}/{}", settings.identity(), settings.namespace(),
                settings.leaseName());
        listener.elected();
    }

    private void onStopLeading() {
        depose("could not renew Lease " + settings.namespace() + "/" + settings.leaseName() + " within "
                + settings.renewDeadline().toMillis() + " ms");
    }

    private void onNewLeader(String identity) {
        leader.set(identity == null ? "" : identity);
        if (identity != null && !identity.equals(settings.identity())) {
            LOG.info("Leader is {}", identity);
            // Seeing another holder means the Lease was taken: stop now rather than at the renew deadline.
            depose("Lease " + settings.namespace() + "/" + settings.leaseName() + " is held by " + identity);
        }
    }

    private void depose(String why) {
        synchronized (lock) {
            if (!leading || closed) {
                leading = false;
                return;
            }
            leading = false;
        }
        LOG.error("Lost the leadership: {}; this replica stops writing", why);
        listener.deposed();
    }
}

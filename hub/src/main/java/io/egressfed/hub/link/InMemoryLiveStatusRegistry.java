package io.egressfed.hub.link;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.Hello;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LiveStatusRegistry} held in this hub replica's memory. (Sharing it between replicas is the
 * job of Pekko distributed data, later.) Each change is applied atomically per cluster; listeners run
 * after the change, outside any lock.
 */
public final class InMemoryLiveStatusRegistry implements LiveStatusRegistry {

    private static final Logger log = LoggerFactory.getLogger(InMemoryLiveStatusRegistry.class);

    private final Map<String, LiveStatus> statuses = new ConcurrentHashMap<>();
    private final List<LiveStatusListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void agentConnected(String cluster, long session, Hello hello, Instant at) {
        update(cluster, true, draft -> {
            if (session < draft.session) {
                return;
            }
            if (!draft.connected) {
                draft.connectionChangedAt = Optional.of(at);
            }
            draft.connected = true;
            draft.session = session;
            draft.appliedVersion = hello.getLastAppliedVersion();
            draft.lastSeen = Optional.of(at);
            draft.agentVersion = hello.getAgentVersion();
            draft.detectedBackends = hello.getDetectedBackendsList();
        });
    }

    @Override
    public void agentDisconnected(String cluster, long session, Instant at) {
        update(cluster, true, draft -> {
            if (session != draft.session || !draft.connected) {
                return;
            }
            draft.connected = false;
            draft.connectionChangedAt = Optional.of(at);
        });
    }

    @Override
    public void configDesired(String cluster, long version) {
        update(cluster, true, draft -> draft.desiredVersion = version);
    }

    @Override
    public void configAcked(String cluster, long version, Instant at) {
        update(cluster, true, draft -> {
            draft.appliedVersion = version;
            draft.lastSeen = Optional.of(at);
            if (version >= draft.lastErrorVersion) {
                draft.lastError = "";
                draft.lastErrorVersion = 0;
                draft.assignmentErrors = Map.of();
            }
        });
    }

    @Override
    public void configNacked(String cluster, long version, String error, Map<String, String> assignmentErrors,
            Instant at) {
        Objects.requireNonNull(error, "error");
        update(cluster, true, draft -> {
            draft.lastError = error;
            draft.lastErrorVersion = version;
            draft.assignmentErrors = Map.copyOf(assignmentErrors);
            draft.lastSeen = Optional.of(at);
        });
    }

    @Override
    public void agentSeen(String cluster, Instant at) {
        update(cluster, false, draft -> draft.lastSeen = Optional.of(at));
    }

    @Override
    public void healthReported(String cluster, HealthReport report, Instant at) {
        Objects.requireNonNull(report, "report");
        update(cluster, true, draft -> {
            draft.lastHealth = Optional.of(report);
            draft.lastSeen = Optional.of(at);
            if (!report.getAgentVersion().isEmpty()) {
                draft.agentVersion = report.getAgentVersion();
            }
            if (report.getDetectedBackendsCount() > 0) {
                draft.detectedBackends = report.getDetectedBackendsList();
            }
        });
    }

    @Override
    public Optional<LiveStatus> status(String cluster) {
        return Optional.ofNullable(statuses.get(Objects.requireNonNull(cluster, "cluster")));
    }

    @Override
    public List<LiveStatus> all() {
        return statuses.values().stream().sorted(Comparator.comparing(LiveStatus::cluster)).toList();
    }

    @Override
    public Subscription addListener(LiveStatusListener listener) {
        Objects.requireNonNull(listener, "listener");
        // A wrapper gives the registration its own identity, so removing it cannot remove another.
        LiveStatusListener registration = listener::onChange;
        listeners.add(registration);
        return () -> listeners.remove(registration);
    }

    private void update(String cluster, boolean notify, Consumer<Draft> change) {
        Objects.requireNonNull(cluster, "cluster");
        LiveStatus[] before = new LiveStatus[1];
        LiveStatus after = statuses.compute(cluster, (name, existing) -> {
            before[0] = existing == null ? LiveStatus.unknown(name) : existing;
            Draft draft = new Draft(before[0]);
            change.accept(draft);
            return draft.build();
        });
        if (!notify || after.equals(before[0])) {
            return;
        }
        for (LiveStatusListener listener : listeners) {
            try {
                listener.onChange(before[0], after);
            } catch (RuntimeException e) {
                log.error("live status listener failed on a change of cluster {}", cluster, e);
            }
        }
    }

    /** A mutable copy of a {@link LiveStatus}, changed inside one atomic update. */
    private static final class Draft {
        private final String cluster;
        private boolean connected;
        private long session;
        private Optional<Instant> connectionChangedAt;
        private long appliedVersion;
        private long desiredVersion;
        private String lastError;
        private long lastErrorVersion;
        private Map<String, String> assignmentErrors;
        private Optional<Instant> lastSeen;
        private String agentVersion;
        private List<Backend> detectedBackends;
        private Optional<HealthReport> lastHealth;

        Draft(LiveStatus status) {
            cluster = status.cluster();
            connected = status.connected();
            session = status.session();
            connectionChangedAt = status.connectionChangedAt();
            appliedVersion = status.appliedVersion();
            desiredVersion = status.desiredVersion();
            lastError = status.lastError();
            lastErrorVersion = status.lastErrorVersion();
            assignmentErrors = status.assignmentErrors();
            lastSeen = status.lastSeen();
            agentVersion = status.agentVersion();
            detectedBackends = status.detectedBackends();
            lastHealth = status.lastHealth();
        }

        LiveStatus build() {
            return new LiveStatus(cluster, connected, session, connectionChangedAt, appliedVersion, desiredVersion,
                    lastError, lastErrorVersion, assignmentErrors, lastSeen, agentVersion, detectedBackends,
                    lastHealth);
        }
    }
}

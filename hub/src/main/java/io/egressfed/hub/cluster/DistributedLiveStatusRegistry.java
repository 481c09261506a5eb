package io.egressfed.hub.cluster;

import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.Hello;
import io.egressfed.api.v1alpha1.ReplicatedLiveStatus;
import io.egressfed.hub.link.InMemoryLiveStatusRegistry;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.link.LiveStatusListener;
import io.egressfed.hub.link.LiveStatusRegistry;
import io.egressfed.hub.link.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide {@link LiveStatusRegistry}: every replica records the agent streams it holds in a
 * local {@link InMemoryLiveStatusRegistry} and publishes each change (not bare heartbeats) to a Pekko
 * distributed-data map, cluster name to entry, written locally and spread by gossip. Reads and listeners
 * see every replica's agents.
 *
 * <p>Each entry names the replica that wrote it (its unique address). An entry whose owner is
 * unreachable or no longer a member reads as disconnected, and listeners hear of that change, so the
 * coordinator never trusts an agent only a vanished replica could vouch for. When an agent moves to
 * another replica, the newer connection wins; a replica may not overwrite another live replica's
 * connected entry with its own disconnected one (its stream closing late must not hide the new one).
 * Heartbeats only refresh {@code lastSeen} in the replicated entry every {@code seenInterval}; the
 * owner itself always answers with its precise local status.
 */
public final class DistributedLiveStatusRegistry implements LiveStatusRegistry {

    /** How often a bare heartbeat's {@code lastSeen} is replicated when nothing else changes. */
    public static final Duration DEFAULT_SEEN_INTERVAL = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(DistributedLiveStatusRegistry.class);

    private final InMemoryLiveStatusRegistry local = new InMemoryLiveStatusRegistry();
    private final String self;
    private final Clock clock;
    private final Duration seenInterval;
    private final ActorRef<LiveStatusReplicator.Command> replicator;
    private final List<LiveStatusListener> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private final Map<String, ReplicatedLiveStatus> entries = new HashMap<>();
    private final Map<String, LiveStatus> notified = new HashMap<>();
    private Set<String> servingOwners = Set.of();

    /**
     * Starts replicating through the given replica's actor system.
     *
     * @param system the replica's (cluster) actor system
     * @param clock time of writes
     * @param seenInterval how often heartbeats alone refresh the replicated {@code lastSeen}
     */
    public DistributedLiveStatusRegistry(ActorSystem<?> system, Clock clock, Duration seenInterval) {
        Objects.requireNonNull(system, "system");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.seenInterval = Objects.requireNonNull(seenInterval, "seenInterval");
        this.self = LiveStatusReplicator.owner(Cluster.get(system).selfMember().uniqueAddress());
        this.replicator = system.systemActorOf(LiveStatusReplicator.create(this), "egressfed-live-status",
                Props.empty());
        local.addListener((previous, current) -> publish(current));
    }

    /**
     * The statuses of the agents whose streams this replica holds. Listeners that must act once per
     * agent event (storing an inventory, per-replica link metrics) register here, not cluster-wide.
     *
     * @return the local registry (writes to it are replicated too)
     */
    public LiveStatusRegistry local() {
        return local;
    }

    @Override
    public void agentConnected(String cluster, long session, Hello hello, Instant at) {
        local.agentConnected(cluster, session, hello, at);
    }

    @Override
    public void agentDisconnected(String cluster, long session, Instant at) {
        local.agentDisconnected(cluster, session, at);
    }

    @Override
    public void configDesired(String cluster, long version) {
        local.configDesired(cluster, version);
    }

    @Override
    public void configAcked(String cluster, long version, Instant at) {
        local.configAcked(cluster, version, at);
    }

    @Override
    public void configNacked(String cluster, long version, String error, Map<String, String> assignmentErrors,
                             Instant at) {
        local.configNacked(cluster, version, error, assignmentErrors, at);
    }

    @Override
    public void agentSeen(String cluster, Instant at) {
        local.agentSeen(cluster, at);
        ReplicatedLiveStatus entry;
        synchronized (lock) {
            entry = entries.get(cluster);
        }
        boolean stale = entry != null && self.equals(entry.getOwner())
                && clock.millis() - entry.getWrittenAtMillis() >= seenInterval.toMillis();
        if (stale) {
            local.status(cluster).ifPresent(this::publish);
        }
    }

    @Override
    public void healthReported(String cluster, HealthReport report, Instant at) {
        local.healthReported(cluster, report, at);
    }

    @Override
    public Optional<LiveStatus> status(String cluster) {
        Objects.requireNonNull(cluster, "cluster");
        synchronized (lock) {
            return effective(cluster);
        }
    }

    @Override
    public List<LiveStatus> all() {
        synchronized (lock) {
            return new TreeSet<>(entries.keySet()).stream().map(this::effective).flatMap(Optional::stream).toList();
        }
    }

    @Override
    public Subscription addListener(LiveStatusListener listener) {
        Objects.requireNonNull(listener, "listener");
        LiveStatusListener registration = listener::onChange;
        listeners.add(registration);
        return () -> listeners.remove(registration);
    }

    /**
     * Whether {@code candidate} may replace {@code existing} in the replicated map. Called by the
     * replicator actor too, against its own copy of the map.
     */
    boolean mayReplace(ReplicatedLiveStatus existing, ReplicatedLiveStatus candidate) {
        if (existing == null || existing.getOwner().equals(candidate.getOwner())) {
            return true;
        }
        boolean existingLive;
        synchronized (lock) {
            existingLive = existing.getConnected() && servingOwners.contains(existing.getOwner());
        }
        if (!existingLive) {
            return true;
        }
        return candidate.getConnected()
                && millis(candidate.getConnectionChangedAt()) >= millis(existing.getConnectionChangedAt());
    }

    /** The replicated map changed (a local write or gossip from another replica). */
    void onReplicated(Map<String, ReplicatedLiveStatus> replicated) {
        List<Change> changes;
        synchronized (lock) {
            for (Map.Entry<String, ReplicatedLiveStatus> incoming : replicated.entrySet()) {
                ReplicatedLiveStatus known = entries.get(incoming.getKey());
                // A local write is applied at once; an older map notification must not undo it.
                boolean newerLocal = known != null && self.equals(known.getOwner())
                        && known.getWrittenAtMillis() > incoming.getValue().getWrittenAtMillis();
                if (!newerLocal) {
                    entries.put(incoming.getKey(), incoming.getValue());
                }
            }
            changes = recompute(replicated.keySet());
        }
        notifyListeners(changes);
    }

    /** Membership or reachability changed. */
    void onServingOwners(Set<String> owners) {
        List<Change> changes;
        synchronized (lock) {
            servingOwners = Set.copyOf(owners);
            changes = recompute(new HashSet<>(entries.keySet()));
        }
        notifyListeners(changes);
    }

    private void publish(LiveStatus status) {
        ReplicatedLiveStatus entry = LiveStatusEntries.toEntry(status, self, clock.millis());
        List<Change> changes;
        synchronized (lock) {
            if (!mayReplace(entries.get(status.cluster()), entry)) {
                LOG.debug("not replicating cluster {}: another replica holds its newer connection", status.cluster());
                return;
            }
            entries.put(status.cluster(), entry);
            changes = recompute(Set.of(status.cluster()));
        }
        replicator.tell(new LiveStatusReplicator.Publish(entry));
        notifyListeners(changes);
    }

    /** Must hold {@link #lock}. */
    private Optional<LiveStatus> effective(String cluster) {
        ReplicatedLiveStatus entry = entries.get(cluster);
        if (entry == null) {
            return Optional.empty();
        }
        if (self.equals(entry.getOwner())) {
            Optional<LiveStatus> own = local.status(cluster);
            if (own.isPresent()) {
                return own;
            }
        }
        return Optional.of(LiveStatusEntries.toStatus(entry,
                self.equals(entry.getOwner()) || servingOwners.contains(entry.getOwner())));
    }

    /** Must hold {@link #lock}: the listener notifications due for these clusters. */
    private List<Change> recompute(Set<String> clusters) {
        List<Change> changes = new ArrayList<>();
        for (String cluster : clusters) {
            Optional<LiveStatus> current = effective(cluster);
            if (current.isEmpty()) {
                continue;
            }
            LiveStatus previous = notified.getOrDefault(cluster, LiveStatus.unknown(cluster));
            if (!LiveStatusEntries.withoutLastSeen(previous).equals(LiveStatusEntries.withoutLastSeen(current.get()))) {
                notified.put(cluster, current.get());
                changes.add(new Change(previous, current.get()));
            }
        }
        return changes;
    }

    private void notifyListeners(List<Change> changes) {
        for (Change change : changes) {
            for (LiveStatusListener listener : listeners) {
                try {
                    listener.onChange(change.previous(), change.current());
                } catch (RuntimeException e) {
                    LOG.error("live status listener failed on a change of cluster {}", change.current().cluster(), e);
                }
            }
        }
    }

    private static long millis(com.google.protobuf.Timestamp timestamp) {
        return timestamp.getSeconds() * 1000 + timestamp.getNanos() / 1_000_000;
    }

    private record Change(LiveStatus previous, LiveStatus current) {
    }
}

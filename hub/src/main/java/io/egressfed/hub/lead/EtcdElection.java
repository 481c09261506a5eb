package io.egressfed.hub.lead;

import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.StoreException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Election} on etcd: a candidate grants itself a lease, keeps it alive, and creates the
 * election key ({@link Keys#leader(String)}) bound to that lease only if the key is absent; while
 * another candidate holds it, it watches the key and tries again when it is deleted (resignation or
 * lease expiry). The key's create revision is the fencing token.
 *
 * <p>Leadership is lost when etcd says the lease is gone, when the keep-alive stream fails, when no
 * keep-alive answer arrived within the lease's TTL (checked locally, so a leader cut off from etcd
 * stops before, or at the latest when, etcd lets another candidate win) or when the key is deleted.
 * Safety does not rest on that timing: every write carries {@link Leadership#fencing()}.
 */
public final class EtcdElection implements Election {

    /** The lease TTL used when none is configured. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(EtcdElection.class);
    private static final Duration MIN_TTL = Duration.ofSeconds(2);
    private static final Duration RETRY_AFTER = Duration.ofMillis(500);
    private static final long DEADLINE_CHECK_MILLIS = 100;

    private final Client client;
    private final Keys keys;
    private final Duration ttl;
    private final ScheduledExecutorService scheduler;
    private final Set<Candidacy> candidacies = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates the election; the caller keeps owning the client.
     *
     * @param client the jetcd client
     * @param keys where election keys live
     * @param ttl the lease TTL: how long a vanished leader blocks the others (whole seconds, at least 2 s)
     * @param scheduler runs retries and the local lease deadline check
     * @throws IllegalArgumentException when {@code ttl} is below 2 s (etcd's minimum)
     */
    public EtcdElection(Client client, Keys keys, Duration ttl, ScheduledExecutorService scheduler) {
        this.client = Objects.requireNonNull(client, "client");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (ttl.compareTo(MIN_TTL) < 0) {
            throw new IllegalArgumentException("ttl: must be at least 2s (etcd's minimum lease), got " + ttl);
        }
    }

    @Override
    public CompletableFuture<Leadership> campaign(String name, String candidateId) {
        String key = keys.leader(name);
        requireNonEmpty(candidateId, "candidateId");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("election is closed"));
        }
        Candidacy candidacy = new Candidacy(name, candidateId, key);
        candidacies.add(candidacy);
        candidacy.start();
        return candidacy.won;
    }

    @Override
    public CompletableFuture<Optional<String>> leader(String name) {
        return client.getKVClient().get(bytes(keys.leader(name)))
                .thenApply(response -> response.getKvs().stream().findFirst()
                        .map(kv -> kv.getValue().toString(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List.copyOf(candidacies).forEach(candidacy -> candidacy.end("the election was closed", true));
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private static void requireNonEmpty(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
    }

    /** One campaign: its lease, its wait for the key, and then its leadership. */
    private final class Candidacy implements Leadership {
        private final String name;
        private final String candidateId;
        private final String key;
        private final ByteSequence keyBytes;
        private final CompletableFuture<Leadership> won = new CompletableFuture<>();
        private final CompletableFuture<Void> lost = new CompletableFuture<>();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile long leaseId;
        private volatile long deadlineNanos;
        private volatile long fencingToken;
        private volatile CloseableClient keepAlive;
        private volatile ScheduledFuture<?> deadlineCheck;
        private volatile Watch.Watcher watcher;
        private volatile CompletableFuture<Void> revoked = CompletableFuture.completedFuture(null);

        Candidacy(String name, String candidateId, String key) {
            this.name = name;
            this.candidateId = candidateId;
            this.key = key;
            this.keyBytes = bytes(key);
        }

        void start() {
            client.getLeaseClient().grant(ttl.toSeconds()).whenComplete((grant, error) -> {
                if (error != null) {
                    end("could not grant a lease: " + error.getMessage());
                    return;
                }
                leaseId = grant.getID();
                // From receipt, like every renewal: etcd started the TTL earlier, so this errs late by
                // one round trip; fencing, not this deadline, is what keeps a late leader from writing.
                deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(grant.getTTL());
                if (ended.get()) {
                    revokeLease();
                    return;
                }
                keepAlive = client.getLeaseClient().keepAlive(leaseId, new KeepAliveObserver());
                deadlineCheck = scheduler.scheduleAtFixedRate(this::checkDeadline, DEADLINE_CHECK_MILLIS,
                        DEADLINE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                attempt();
            });
        }

        /** Creates the key if absent; otherwise reads who holds it, in the same transaction. */
        private void attempt() {
            if (ended.get()) {
                return;
            }
            client.getKVClient().txn()
                    .If(new Cmp(keyBytes, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                    .Then(Op.put(keyBytes, bytes(candidateId), PutOption.builder().withLeaseId(leaseId).build()))
                    .Else(Op.get(keyBytes, GetOption.DEFAULT))
                    .commit()
                    .whenComplete(this::onAttempt);
        }

        private void onAttempt(TxnResponse response, Throwable error) {
            if (error != null) {
                LOG.debug("election {}: campaign attempt failed, retrying: {}", name, error.toString());
                retryLater();
            } else if (response.isSucceeded()) {
                fencingToken = response.getHeader().getRevision();
                becomeLeader();
            } else {
                List<io.etcd.jetcd.KeyValue> held = response.getGetResponses().get(0).getKvs();
                if (held.isEmpty()) {
                    attempt();
                } else {
                    LOG.debug("election {}: held by {}, waiting", name, held.get(0).getValue());
                    watchKey(held.get(0).getModRevision() + 1, this::attempt, this::retryLater);
                }
            }
        }

        private void becomeLeader() {
            watchKey(fencingToken + 1, () -> end("the election key was deleted"),
                    () -> LOG.debug("election {}: watch of the own key broke; the lease still guards", name));
            LOG.info("election {}: {} leads (fencing token {})", name, candidateId, fencingToken);
            if (!won.complete(this) || ended.get()) {
                resign();
            }
        }

        /** Runs {@code onDeleted} once when the key is deleted, {@code onBroken} once if the watch fails. */
        private void watchKey(long fromRevision, Runnable onDeleted, Runnable onBroken) {
            AtomicBoolean fired = new AtomicBoolean();
            Consumer<Runnable> once = action -> {
                if (fired.compareAndSet(false, true)) {
                    closeWatcher();
                    action.run();
                }
            };
            Watch.Listener listener = Watch.listener((WatchResponse response) -> {
                boolean deleted = response.getEvents().stream()
                        .anyMatch(event -> event.getEventType() == WatchEvent.EventType.DELETE);
                if (deleted) {
                    once.accept(onDeleted);
                }
            }, error -> once.accept(onBroken), () -> once.accept(onBroken));
            closeWatcher();
            watcher = client.getWatchClient().watch(keyBytes, WatchOption.builder().withRevision(fromRevision).build(),
                    listener);
            if (ended.get()) {
                closeWatcher();
            }
        }

        private void retryLater() {
            if (!ended.get()) {
                scheduler.schedule(this::attempt, RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void checkDeadline() {
            if (System.nanoTime() - deadlineNanos > 0) {
                end("the lease was not renewed within its TTL of " + ttl.toSeconds() + "s");
            }
        }

        /** Ends the candidacy or leadership once; completes {@link #lost()} and fails a pending campaign. */
        CompletableFuture<Void> end(String reason) {
            return end(reason, false);
        }

        private CompletableFuture<Void> end(String reason, boolean voluntary) {
            if (!ended.compareAndSet(false, true)) {
                return revoked;
            }
            candidacies.remove(this);
            ScheduledFuture<?> check = deadlineCheck;
            if (check != null) {
                check.cancel(false);
            }
            closeWatcher();
            CloseableClient renewing = keepAlive;
            if (renewing != null) {
                renewing.close();
            }
            revoked = revokeLease();
            if (won.isDone() && !won.isCompletedExceptionally()) {
                if (voluntary) {
                    LOG.info("election {}: {} stepped down: {}", name, candidateId, reason);
                } else {
                    LOG.warn("election {}: {} is no longer the leader: {}", name, candidateId, reason);
                }
            } else {
                won.completeExceptionally(new StoreException("election " + name + ": campaign of " + candidateId
                        + " ended: " + reason));
            }
            lost.complete(null);
            return revoked;
        }

        private CompletableFuture<Void> revokeLease() {
            if (leaseId == 0) {
                return CompletableFuture.completedFuture(null);
            }
            try {
                return client.getLeaseClient().revoke(leaseId).handle((response, error) -> {
                    if (error != null) {
                        LOG.debug("election {}: lease revoke failed (it expires on its own): {}", name, error.toString());
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.debug("election {}: lease revoke failed (it expires on its own): {}", name, e.toString());
                return CompletableFuture.completedFuture(null);
            }
        }

        private void closeWatcher() {
            Watch.Watcher current = watcher;
            if (current != null) {
                current.close();
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String candidateId() {
            return candidateId;
        }

        @Override
        public long fencingToken() {
            return fencingToken;
        }

        @Override
        public List<Compare> fencing() {
            return List.of(Compare.createRevision(key, fencingToken));
        }

        @Override
        public CompletableFuture<Void> lost() {
            return lost;
        }

        @Override
        public CompletableFuture<Void> resign() {
            return end("resigned", true);
        }

        /** Moves the local deadline forward with every answer; etcd answering TTL 0 means the lease is gone. */
        private final class KeepAliveObserver implements StreamObserver<LeaseKeepAliveResponse> {
            @Override
            public void onNext(LeaseKeepAliveResponse response) {
                if (response.getTTL() <= 0) {
                    end("etcd reports the lease expired");
                } else {
                    deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(response.getTTL());
                }
            }

            @Override
            public void onError(Throwable error) {
                end("the lease keep-alive failed: " + error.getMessage());
            }

            @Override
            public void onCompleted() {
                end("the lease keep-alive stream ended");
            }
        }
    }
}

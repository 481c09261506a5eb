package io.egressfed.hub.store;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch.Watcher;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.OptionsUtil;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Store}, on etcd through jetcd.
 *
 * <p>Listings are read in pages pinned to the first page's revision, so a large prefix is still one
 * consistent snapshot. A failed transaction reads the compared keys in its else-branch (atomically
 * with the compares) to report which compares failed. Watches are not resumed behind the caller's
 * back: a broken watch ends with {@link WatchListener#onError(Throwable)} and the caller (usually a
 * {@link ResyncingWatcher}) resumes from the revision it last saw.
 */
public final class EtcdStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdStore.class);
    private static final int LIST_PAGE_SIZE = 500;
    private static final int LIST_ATTEMPTS = 3;
    private static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;
    private static final ByteSequence REVISION_PROBE_KEY = ByteSequence.from(new byte[] {0});

    private final Client client;
    private final boolean ownsClient;
    private final KV kv;
    private final io.etcd.jetcd.Watch watchClient;
    private final ExecutorService callbackExecutor;
    private final Set<WatchDelivery> openWatches = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A store on a client the caller owns (e.g. shared with leader election): {@link #close()}
     * closes this store's watches but not the client.
     *
     * @param client the jetcd client
     */
    public EtcdStore(Client client) {
        this(client, false);
    }

    private EtcdStore(Client client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.kv = client.getKVClient();
        this.watchClient = client.getWatchClient();
        this.callbackExecutor = Executors.newCachedThreadPool(daemonThreads());
    }

    /**
     * Connects to etcd; the store owns the client and closes it on {@link #close()}.
     *
     * @param endpoints client URLs, e.g. {@code http://127.0.0.1:2379}
     * @return the store
     * @throws IllegalArgumentException when no endpoint is given
     */
    public static EtcdStore connect(List<String> endpoints) {
        return new EtcdStore(newClient(endpoints), true);
    }

    /**
     * A jetcd client configured as this store needs it, for a caller that shares it (store and leader
     * election) and closes it itself.
     *
     * @param endpoints client URLs, e.g. {@code http://127.0.0.1:2379}
     * @return the client
     * @throws IllegalArgumentException when no endpoint is given
     */
    public static Client newClient(List<String> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints: at least one etcd endpoint is required");
        }
        return Client.builder()
                .endpoints(endpoints.toArray(String[]::new))
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .build();
    }

    @Override
    public CompletableFuture<Optional<KeyValue>> get(String key) {
        requireNonEmpty(key, "key");
        return translated("get " + key, () -> kv.get(bytes(key))
                .thenApply(response -> response.getKvs().stream().findFirst().map(EtcdStore::toKeyValue)));
    }

    @Override
    public CompletableFuture<Listing> list(String prefix) {
        requireNonEmpty(prefix, "prefix");
        return translated("list " + prefix, () -> listAttempt(prefix, 1));
    }

    @Override
    public CompletableFuture<Long> currentRevision() {
        GetOption countOnly = GetOption.builder().withCountOnly(true).build();
        return translated("read of the current revision",
                () -> kv.get(REVISION_PROBE_KEY, countOnly).thenApply(response -> response.getHeader().getRevision()));
    }

    @Override
    public CompletableFuture<TxnResult> commit(Txn txn) {
        try {
            txn.validate();
        } catch (InvalidTxnException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<String> comparedKeys = List.copyOf(new LinkedHashSet<>(txn.compares().stream().map(Compare::key).toList()));
        return translated("transaction", () -> kv.txn()
                .If(txn.compares().stream().map(EtcdStore::toCmp).toArray(Cmp[]::new))
                .Then(txn.ops().stream().map(EtcdStore::toOp).toArray(io.etcd.jetcd.op.Op[]::new))
                .Else(comparedKeys.stream()
                        .map(key -> io.etcd.jetcd.op.Op.get(bytes(key), GetOption.DEFAULT))
                        .toArray(io.etcd.jetcd.op.Op[]::new))
                .commit()
                .thenApply(response -> toResult(txn, comparedKeys, response)));
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        requireNonEmpty(prefix, "prefix");
        if (fromRevision < 0) {
            throw new IllegalArgumentException("fromRevision: must be >= 0, got " + fromRevision);
        }
        if (closed.get()) {
            throw new IllegalStateException("store is closed");
        }
        AtomicReference<Watcher> watcher = new AtomicReference<>();
        AtomicReference<WatchDelivery> self = new AtomicReference<>();
        WatchDelivery delivery = new WatchDelivery(prefix, listener, callbackExecutor, () -> {
            openWatches.remove(self.get());
            Watcher running = watcher.get();
            if (running != null) {
                running.close();
            }
        });
        self.set(delivery);
        openWatches.add(delivery);
        WatchOption option = WatchOption.builder()
                .isPrefix(true)
                .withRevision(fromRevision)
                .withPrevKV(true)
                .build();
        watcher.set(watchClient.watch(bytes(prefix), option, new JetcdWatchListener(prefix, delivery)));
        if (delivery.isClosed()) {
            // The watch ended before jetcd handed out its watcher; stop jetcd from resuming it.
            watcher.get().close();
        }
        return delivery;
    }

    @Override
    public CompletableFuture<Void> compact(long revision) {
        CompactOption physical = CompactOption.builder().withCompactPhysical(true).build();
        return kv.compact(revision, physical)
                .<Void>thenApply(response -> null)
                .handle((ignored, error) -> {
                    if (error == null) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    Throwable cause = unwrap(error);
                    String message = String.valueOf(cause.getMessage());
                    if (message.contains("required revision has been compacted")) {
                        return CompletableFuture.<Void>failedFuture(new RevisionCompactedException(revision, 0));
                    }
                    if (message.contains("required revision is a future revision")) {
                        return CompletableFuture.<Void>failedFuture(new IllegalArgumentException(
                                "compact revision: " + revision + " is beyond the current revision"));
                    }
                    return CompletableFuture.<Void>failedFuture(translate("compaction at " + revision, cause));
                })
                .thenCompose(Function.identity());
    }

    /**
     * Closes this store's watches (without callbacks) and, if the store created it, the client.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List.copyOf(openWatches).forEach(WatchDelivery::close);
        if (ownsClient) {
            client.close();
        }
        callbackExecutor.shutdown();
    }

    private CompletableFuture<Listing> listAttempt(String prefix, int attempt) {
        ByteSequence start = bytes(prefix);
        ByteSequence end = OptionsUtil.prefixEndOf(start);
        return listPages(start, end, 0, new ArrayList<>()).handle((listing, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(listing);
            }
            Throwable cause = unwrap(error);
            if (attempt < LIST_ATTEMPTS && String.valueOf(cause.getMessage()).contains("has been compacted")) {
                LOG.debug("listing {} raced a compaction; starting over", prefix);
                return listAttempt(prefix, attempt + 1);
            }
            return CompletableFuture.<Listing>failedFuture(cause);
        }).thenCompose(Function.identity());
    }

    /** Reads one page from {@code from}; later pages are pinned to the first page's revision. */
    private CompletableFuture<Listing> listPages(ByteSequence from, ByteSequence end, long revision,
                                                 List<KeyValue> collected) {
        GetOption.Builder page = GetOption.builder()
                .withRange(end)
                .withLimit(LIST_PAGE_SIZE)
                .withSortField(GetOption.SortTarget.KEY)
                .withSortOrder(GetOption.SortOrder.ASCEND);
        if (revision > 0) {
            page.withRevision(revision);
        }
        return kv.get(from, page.build()).thenCompose(response -> {
            long pinned = revision > 0 ? revision : response.getHeader().getRevision();
            List<io.etcd.jetcd.KeyValue> kvs = response.getKvs();
            kvs.forEach(item -> collected.add(toKeyValue(item)));
            if (response.isMore() && !kvs.isEmpty()) {
                ByteSequence next = kvs.get(kvs.size() - 1).getKey().concat(ByteSequence.from(new byte[] {0}));
                return listPages(next, end, pinned, collected);
            }
            return CompletableFuture.completedFuture(new Listing(collected, pinned));
        });
    }

    private static TxnResult toResult(Txn txn, List<String> comparedKeys, TxnResponse response) {
        long revision = response.getHeader().getRevision();
        if (response.isSucceeded()) {
            return new TxnResult(true, revision, List.of());
        }
        List<GetResponse> reads = response.getGetResponses();
        Map<String, Optional<KeyValue>> current = new HashMap<>();
        for (int i = 0; i < comparedKeys.size(); i++) {
            current.put(comparedKeys.get(i), reads.get(i).getKvs().stream().findFirst().map(EtcdStore::toKeyValue));
        }
        List<Compare> failed = txn.compares().stream()
                .filter(compare -> !compare.holds(current.get(compare.key())))
                .toList();
        return new TxnResult(false, revision, failed);
    }

    private static Cmp toCmp(Compare compare) {
        CmpTarget<?> target = switch (compare.target()) {
            case CREATE_REVISION -> CmpTarget.createRevision(compare.value());
            case MOD_REVISION -> CmpTarget.modRevision(compare.value());
            case VERSION -> CmpTarget.version(compare.value());
        };
        Cmp.Op relation = switch (compare.relation()) {
            case EQUAL -> Cmp.Op.EQUAL;
            case NOT_EQUAL -> Cmp.Op.NOT_EQUAL;
            case GREATER -> Cmp.Op.GREATER;
            case LESS -> Cmp.Op.LESS;
        };
        return new Cmp(bytes(compare.key()), relation, target);
    }

    private static io.etcd.jetcd.op.Op toOp(Op op) {
        if (op instanceof Op.Put put) {
            return io.etcd.jetcd.op.Op.put(bytes(put.key()), ByteSequence.from(put.value()), PutOption.DEFAULT);
        }
        if (op instanceof Op.Delete delete) {
            return io.etcd.jetcd.op.Op.delete(bytes(delete.key()), DeleteOption.DEFAULT);
        }
        Op.DeletePrefix deletePrefix = (Op.DeletePrefix) op;
        return io.etcd.jetcd.op.Op.delete(bytes(deletePrefix.prefix()), DeleteOption.builder().isPrefix(true).build());
    }

    static KeyValue toKeyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes(),
                kv.getCreateRevision(), kv.getModRevision(), kv.getVersion());
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private <T> CompletableFuture<T> translated(String what, IoCall<T> call) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("store is closed"));
        }
        CompletableFuture<T> started;
        try {
            started = call.start();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(translate(what, e));
        }
        return started.handle((value, error) -> error == null
                ? CompletableFuture.completedFuture(value)
                : CompletableFuture.<T>failedFuture(translate(what, unwrap(error))))
                .thenCompose(Function.identity());
    }

    private Throwable translate(String what, Throwable cause) {
        if (cause instanceof StoreException || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException) {
            return cause;
        }
        if (closed.get()) {
            return new IllegalStateException("store is closed", cause);
        }
        return new StoreException("etcd " + what + " failed: " + cause.getMessage(), cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void requireNonEmpty(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "etcd-store-watch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts one jetcd call (which may throw before returning a future, e.g. on a closed client). */
    @FunctionalInterface
    private interface IoCall<T> {
        CompletableFuture<T> start();
    }
}

package io.egressfed.hub.coordinator;

import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.compile.CompileInput;
import io.egressfed.hub.compile.CompileOptions;
import io.egressfed.hub.compile.CompileResult;
import io.egressfed.hub.compile.ConfigCompiler;
import io.egressfed.hub.compile.ConfigPublisher;
import io.egressfed.hub.compile.PublishOutcome;
import io.egressfed.hub.ipam.Allocator;
import io.egressfed.hub.link.LiveStatusRegistry;
import io.egressfed.hub.state.Snapshot;
import io.egressfed.hub.state.SnapshotReader;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Listing;
import io.egressfed.hub.store.ResyncListener;
import io.egressfed.hub.store.ResyncingWatcher;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.StoreMetrics;
import io.egressfed.hub.store.TypedKeyValue;
import io.egressfed.hub.store.WatchEvent;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every decision: watches intents, pools, clusters, inventories, allocations and placements;
 * allocates addresses, decides ActivePassive placement, compiles each cluster's config and publishes
 * the ones that changed.
 *
 * <p>Changes are coalesced: a burst of writes causes one pass after a short debounce, and a pass
 * that is running when more changes arrive is followed by exactly one more. All store writes carry
 * the {@code fencing} compares, so once this runs as a cluster singleton guarded by an etcd
 * election, a deposed coordinator cannot commit.
 *
 * <p>ActivePassive failover follows the withdrawal protocol (see {@link PlacementDecider}): the agents'
 * health comes from the {@link LiveStatusRegistry} (a connection flip, a health change or an awaited ACK
 * triggers a pass), and a pass is scheduled at every withdrawal deadline.
 */
public final class Coordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final String ACTOR = "coordinator";
    private static final Duration REFRESH_EVERY = Duration.ofHours(1);
    private static final Codec<PlacementDecision> PLACEMENTS = Codec.of(PlacementDecision.getDefaultInstance());
    private static final LongSupplier MONOTONIC = System::nanoTime;

    private final Store store;
    private final Keys keys;
    private final SnapshotReader snapshots;
    private final Allocator allocator;
    private final PlacementStage placement;
    private final FailoverTimers timers;
    private final HealthTracker health;
    private final ConfigCompiler compiler = new ConfigCompiler();
    private final ConfigPublisher publisher;
    private final CompileOptions compileOptions;
    private final Supplier<List<Compare>> fencing;
    private final ScheduledExecutorService scheduler;
    private final StoreMetrics storeMetrics;
    private final Clock clock;
    private final Duration debounce;
    private final Counter passes;
    private final Histogram passSeconds;
    private final Counter published;

    private final Object lock = new Object();
    private final Set<String> dirtyIntents = new HashSet<>();
    private final Map<String, List<String>> lastProblems = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean allDirty = true;
    private boolean compileDirty;
    private boolean scheduled;
    private boolean running;
    private boolean closed;
    private final List<ResyncingWatcher> watchers = new ArrayList<>();

    /**
     * Creates a coordinator; {@link #start()} begins watching.
     *
     * @param store the store
     * @param keys the key layout
     * @param allocator IPAM
     * @param publisher signs and writes configs
     * @param compileOptions compiler options (lease duration)
     * @param fencing compares every decision write must carry (leadership); may return an empty list
     * @param scheduler runs passes, failover deadlines and watch resumption; one thread is enough
     * @param storeMetrics the process's store metrics (watch re-lists)
     * @param registry where the coordinator's metrics are registered
     * @param clock time of decisions
     * @param debounce how long a burst of changes may last before a pass starts
     * @param liveStatus the agents' connection, ACKs and health (cluster-wide); drives failover
     * @param audit where every failover is recorded (in the transaction that decides it)
     * @param failover lease margin and failback stabilization; its lease must be the compiler's
     * @throws IllegalArgumentException when {@code failover}'s lease differs from {@code compileOptions}'
     */
    public Coordinator(Store store, Keys keys, Allocator allocator, ConfigPublisher publisher,
                       CompileOptions compileOptions, Supplier<List<Compare>> fencing,
                       ScheduledExecutorService scheduler, StoreMetrics storeMetrics,
                       PrometheusRegistry registry, Clock clock,
                       Duration debounce, LiveStatusRegistry liveStatus, AuditLog audit, FailoverSettings failover) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.snapshots = new SnapshotReader(store, keys);
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.compileOptions = Objects.requireNonNull(compileOptions, "compileOptions");
        this.fencing = Objects.requireNonNull(fencing, "fencing");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.storeMetrics = Objects.requireNonNull(storeMetrics, "storeMetrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(failover, "failover");
        if (!failover.leaseDuration().equals(compileOptions.leaseDuration())) {
            throw new IllegalArgumentException("failover.leaseDuration: " + failover.leaseDuration()
                    + " differs from the compiled lease " + compileOptions.leaseDuration());
        }
        this.timers = new FailoverTimers(scheduler, MONOTONIC, () -> markDirty(Dirty.CONFIGS, null));
        this.health = new HealthTracker(Objects.requireNonNull(liveStatus, "liveStatus"), MONOTONIC,
                timers::awaitsAck, () -> markDirty(Dirty.CONFIGS, null));
        this.placement = new PlacementStage(store, keys, Objects.requireNonNull(audit, "audit"), fencing, timers,
                failover, registry, clock, MONOTONIC);
        this.passes = Counter.builder().name("egressfed_coordinator_passes_total")
                .help("Coordinator passes (allocate, place, compile, publish)").labelNames("result")
                .register(registry);
        this.passSeconds = Histogram.builder().name("egressfed_coordinator_pass_seconds")
                .help("Duration of a coordinator pass").register(registry);
        this.published = Counter.builder().name("egressfed_configs_published_total")
                .help("Cluster configs published as a new version").labelNames("cluster")
                .register(registry);
    }

    /**
     * Starts watching; the first pass runs once every watch has its initial listing.
     *
     * @return completes when the watches are established
     */
    public CompletableFuture<Void> start() {
        List<String> prefixes = List.of(keys.intents(), keys.pools(), keys.clusters(), keys.inventories(),
                keys.allocs(), keys.placements());
        List<CompletableFuture<Void>> started = new ArrayList<>();
        health.start();
        synchronized (lock) {
            for (String prefix : prefixes) {
                ResyncingWatcher watcher = new ResyncingWatcher(store, prefix, new Listener(prefix), storeMetrics,
                        scheduler);
                watchers.add(watcher);
                started.add(watcher.start());
            }
        }
        // Configs expire (see PublisherOptions): a periodic full pass re-issues those nearing expiry.
        scheduler.scheduleAtFixedRate(() -> markDirty(Dirty.EVERYTHING, null), REFRESH_EVERY.toMinutes(),
                REFRESH_EVERY.toMinutes(), TimeUnit.MINUTES);
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    /**
     * Runs one full pass now (all intents), independent of the watches. Used at start-up, by tests and
     * by the periodic config refresh.
     *
     * @return the pass's summary
     */
    public CompletableFuture<PassSummary> runFullPass() {
        return pass(Optional.empty());
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            health.close();
            timers.close();
            watchers.forEach(ResyncingWatcher::close);
            watchers.clear();
        }
    }

    private void markDirty(Dirty what, String intent) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            switch (what) {
                case INTENT -> dirtyIntents.add(intent);
                case EVERYTHING -> allDirty = true;
                case CONFIGS -> compileDirty = true;
                default -> throw new IllegalStateException("unknown " + what);
            }
            if (!scheduled && !running) {
                scheduled = true;
                scheduler.schedule(this::runScheduledPass, debounce.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void runScheduledPass() {
        Optional<Set<String>> intents;
        synchronized (lock) {
            scheduled = false;
            if (closed) {
                return;
            }
            running = true;
            intents = allDirty ? Optional.empty() : Optional.of(Set.copyOf(dirtyIntents));
            allDirty = false;
            compileDirty = false;
            dirtyIntents.clear();
        }
        pass(intents).whenComplete((summary, error) -> {
            boolean again;
            synchronized (lock) {
                running = false;
                if (error != null) {
                    LOG.warn("coordinator pass failed; retrying with a full pass: {}", rootMessage(error));
                    allDirty = true;
                }
                again = !closed && (allDirty || compileDirty || !dirtyIntents.isEmpty());
                if (again) {
                    scheduled = true;
                    long delay = error != null ? Math.max(debounce.toMillis(), 500) : debounce.toMillis();
                    scheduler.schedule(this::runScheduledPass, delay, TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    private CompletableFuture<PassSummary> pass(Optional<Set<String>> onlyIntents) {
        long started = System.nanoTime();
        CompletableFuture<PassSummary> result = snapshots.read()
                .thenCompose(before -> allocate(before, onlyIntents))
                .thenCompose(ignored -> snapshots.read())
                .thenCompose(snapshot -> store.list(keys.placements())
                        .thenCompose(placements -> placement.place(snapshot, decode(placements), health.snapshot()))
                        .thenCompose(ignored -> store.list(keys.placements()))
                        .thenCompose(placements -> compileAndPublish(snapshot, decode(placements))));
        return result.whenComplete((summary, error) -> {
            passSeconds.observe((System.nanoTime() - started) / 1e9);
            passes.labelValues(error == null ? "ok" : "error").inc();
        });
    }

    private CompletableFuture<Void> allocate(Snapshot snapshot, Optional<Set<String>> onlyIntents) {
        Set<String> names = new HashSet<>(onlyIntents.orElse(snapshot.intents().keySet()));
        // Allocations whose intent is gone are released by the intent's delete; nothing to do here.
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String intent : names.stream().sorted().toList()) {
            chain = chain.thenCompose(ignored -> allocator.reconcile(intent, ACTOR).thenAccept(outcome -> {
                List<String> problems = outcome.problems().stream().map(p -> p.message()).toList();
                // Logged when they change, not on every pass: the intent's status carries them too.
                if (!problems.equals(lastProblems.put(intent, problems)) && !problems.isEmpty()) {
                    LOG.info("intent {} is not fully allocated: {}", intent, String.join("; ", problems));
                }
            }));
        }
        return chain;
    }

    private CompletableFuture<PassSummary> compileAndPublish(Snapshot snapshot,
                                                             Map<String, TypedKeyValue<PlacementDecision>> placements) {
        CompileInput input = CompileInput.builder()
                .clusters(values(snapshot.clusters()).values())
                .intents(values(snapshot.intents()).values())
                .pools(values(snapshot.pools()).values())
                .allocations(snapshot.allocations().values().stream().map(TypedKeyValue::value).toList())
                .placements(placements.values().stream().map(TypedKeyValue::value).toList())
                .inventories(snapshot.inventories().values().stream().map(TypedKeyValue::value).toList())
                .options(compileOptions)
                .build();
        CompileResult compiled = compiler.compile(input);
        compiled.warnings().forEach(warning -> LOG.debug("compile: {}", warning));
        return publisher.publishAll(compiled.configs(), fencing.get())
                .thenCompose(outcomes -> {
                    if (placement.published(placements, outcomes)) {
                        // The withdrawn agent may have ACKed before its FENCED version was known here.
                        markDirty(Dirty.CONFIGS, null);
                    }
                    return deleteStaleConfigs(compiled.configs().keySet())
                            .thenApply(deleted -> summarize(outcomes, deleted, compiled));
                });
    }

    private CompletableFuture<List<String>> deleteStaleConfigs(Set<String> wanted) {
        return store.list(keys.configs()).thenCompose(listing -> {
            List<String> stale = new ArrayList<>();
            List<CompletableFuture<?>> deletes = new ArrayList<>();
            for (KeyValue kv : listing.items()) {
                String cluster = Keys.nameIn(keys.configs(), kv.key());
                if (!wanted.contains(cluster)) {
                    stale.add(cluster);
                    deletes.add(publisher.delete(cluster, fencing.get()));
                }
            }
            return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new)).thenApply(ignored -> stale);
        });
    }

    private PassSummary summarize(SortedMap<String, PublishOutcome> outcomes, List<String> deleted,
                                  CompileResult compiled) {
        Map<String, Long> versions = new HashMap<>();
        for (Map.Entry<String, PublishOutcome> entry : outcomes.entrySet()) {
            if (entry.getValue() instanceof PublishOutcome.Published publishedNow) {
                published.labelValues(entry.getKey()).inc();
                versions.put(entry.getKey(), publishedNow.version());
                LOG.info("published config v{} for cluster {} ({})", publishedNow.version(), entry.getKey(),
                        publishedNow.reason());
            } else if (entry.getValue() instanceof PublishOutcome.Conflict conflict) {
                LOG.warn("config for cluster {} not published: {}", entry.getKey(), conflict);
            }
        }
        return new PassSummary(versions, deleted, compiled.warnings().size());
    }

    private static Map<String, TypedKeyValue<PlacementDecision>> decode(Listing listing) {
        Map<String, TypedKeyValue<PlacementDecision>> byIntent = new HashMap<>();
        for (KeyValue kv : listing.items()) {
            TypedKeyValue<PlacementDecision> typed = PLACEMENTS.decode(kv);
            byIntent.put(typed.value().getIntent(), typed);
        }
        return byIntent;
    }

    private static <T extends com.google.protobuf.Message> Map<String, T> values(Map<String, TypedKeyValue<T>> typed) {
        Map<String, T> values = new HashMap<>();
        typed.forEach((name, kv) -> values.put(name, kv.value()));
        return values;
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    private final class Listener implements ResyncListener {
        private final String prefix;

        Listener(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void onSnapshot(Listing snapshot, SnapshotReason reason) {
            markDirty(Dirty.EVERYTHING, null);
        }

        @Override
        public void onEvents(List<WatchEvent> events) {
            if (prefix.equals(keys.intents())) {
                for (WatchEvent event : events) {
                    markDirty(Dirty.INTENT, Keys.nameIn(prefix, event.key()));
                }
            } else if (prefix.equals(keys.allocs()) || prefix.equals(keys.placements())) {
                // Only placement and the compiled configs depend on these; no intent needs reallocating.
                markDirty(Dirty.CONFIGS, null);
            } else {
                markDirty(Dirty.EVERYTHING, null);
            }
        }
    }

    private enum Dirty { INTENT, EVERYTHING, CONFIGS }
}

package io.egressfed.hub.coordinator;

import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.hub.audit.AuditEvents;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.compile.PublishOutcome;
import io.egressfed.hub.state.Snapshot;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.Compare;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.TypedKeyValue;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placement part of a coordinator pass: runs the {@link PlacementDecider} for every intent, commits
 * each new record in one transaction guarded by the record's mod revision and the leadership compares,
 * together with its audit record, and keeps the failover timers and metrics.
 */
final class PlacementStage {

    private static final Logger LOG = LoggerFactory.getLogger(PlacementStage.class);
    private static final String ACTOR = "coordinator";
    private static final Codec<PlacementDecision> PLACEMENTS = Codec.of(PlacementDecision.getDefaultInstance());

    private final Store store;
    private final Keys keys;
    private final AuditLog audit;
    private final Supplier<List<Compare>> fencing;
    private final FailoverTimers timers;
    private final FailoverSettings settings;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final PlacementDecider decider = new PlacementDecider();
    private final Counter failovers;
    private final Histogram failoverSeconds;

    PlacementStage(Store store, Keys keys, AuditLog audit, Supplier<List<Compare>> fencing, FailoverTimers timers,
                   FailoverSettings settings, PrometheusRegistry registry, Clock clock, LongSupplier nanoTime) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.fencing = Objects.requireNonNull(fencing, "fencing");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.failovers = Counter.builder().name("egressfed_failovers_total")
                .help("ActivePassive withdrawals committed (the start of a move to another cluster)")
                .labelNames("reason").register(registry);
        this.failoverSeconds = Histogram.builder().name("egressfed_failover_seconds")
                .help("From a withdrawal commit to the commit activating the next cluster").register(registry);
    }

    /**
     * Decides and commits every intent's placement; deletes the records of intents that are gone.
     *
     * @param snapshot intents, pools, clusters and allocations
     * @param current the stored records by intent
     * @param health the agents' health now
     * @return completes when every write is answered
     */
    CompletableFuture<Void> place(Snapshot snapshot, Map<String, TypedKeyValue<PlacementDecision>> current,
                                  HealthView health) {
        Map<String, EgressIPPool> pools = values(snapshot.pools());
        Map<String, MemberCluster> clusters = values(snapshot.clusters());
        DecisionContext context = new DecisionContext(health, nanoTime.getAsLong(), clock.instant(), settings);
        Map<String, Long> withdrawing = new HashMap<>();
        current.forEach((intent, stored) -> {
            if (isWithdrawing(stored.value())) {
                withdrawing.put(intent, stored.value().getEpoch());
            }
        });
        timers.retain(withdrawing);
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (TypedKeyValue<EgressIntent> intent : snapshot.intents().values()) {
            String name = intent.value().getMetadata().getName();
            TypedKeyValue<PlacementDecision> stored = current.get(name);
            Optional<PlacementDecision> decision = Optional.ofNullable(stored).map(TypedKeyValue::value);
            Withdrawal withdrawal = decision.filter(PlacementStage::isWithdrawing)
                    .map(d -> timers.withdrawal(name, d.getEpoch(), d.getFencedClustersList()))
                    .orElse(Withdrawal.since(context.nowNanos()));
            PlacementStep step = decider.decide(intent.value(), pools, clusters, decision, withdrawal, context);
            switch (step.kind()) {
                case KEEP -> { }
                case WAIT -> timers.wakeAt(step.wakeAtNanos().orElseThrow());
                default -> writes.add(write(name, stored, step, snapshot));
            }
        }
        for (String orphan : current.keySet()) {
            if (!snapshot.intents().containsKey(orphan)) {
                writes.add(commit(List.of(Compare.modRevision(keys.placement(orphan),
                        current.get(orphan).modRevision())), List.of(Op.delete(keys.placement(orphan)))));
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /**
     * Remembers which published version carried each withdrawn cluster's FENCED assignment.
     *
     * @param placements the records the configs were compiled from
     * @param outcomes what publishing each cluster's config did
     * @return true when a version was learnt (an ACK may already cover it: decide again)
     */
    boolean published(Map<String, TypedKeyValue<PlacementDecision>> placements,
                      Map<String, PublishOutcome> outcomes) {
        boolean learnt = false;
        for (TypedKeyValue<PlacementDecision> stored : placements.values()) {
            PlacementDecision decision = stored.value();
            if (!isWithdrawing(decision)) {
                continue;
            }
            for (String cluster : decision.getFencedClustersList()) {
                OptionalLong version = versionOf(outcomes.get(cluster));
                if (version.isPresent()) {
                    learnt |= timers.fencedPublished(decision.getIntent(), decision.getEpoch(), cluster,
                            version.getAsLong());
                }
            }
        }
        return learnt;
    }

    private CompletableFuture<Boolean> write(String intent, TypedKeyValue<PlacementDecision> stored,
                                             PlacementStep step, Snapshot snapshot) {
        PlacementDecision decision = step.decision().orElseThrow();
        Compare unchanged = stored == null ? Compare.absent(keys.placement(intent))
                : Compare.modRevision(keys.placement(intent), stored.modRevision());
        List<Op> ops = new ArrayList<>();
        ops.add(Op.put(keys.placement(intent), PLACEMENTS.encode(decision)));
        if (step.kind() != PlacementStep.Kind.UPDATE) {
            ops.addAll(audit.append(auditRecord(intent, step, snapshot)));
        }
        return commit(List.of(unchanged), ops).thenApply(committed -> {
            if (committed) {
                afterCommit(intent, stored, step);
            }
            return committed;
        });
    }

    private void afterCommit(String intent, TypedKeyValue<PlacementDecision> stored, PlacementStep step) {
        PlacementDecision decision = step.decision().orElseThrow();
        switch (step.kind()) {
            case WITHDRAW -> {
                FailoverReason reason = step.reason().orElseThrow();
                timers.committed(intent, decision.getEpoch(), decision.getFencedClustersList(), reason);
                failovers.labelValues(reason.label()).inc();
                LOG.info("placement of {}: {} (epoch {})", intent, decision.getReason(), decision.getEpoch());
            }
            case ACTIVATE -> {
                OptionalLong since = step.from().isEmpty() || stored == null ? OptionalLong.empty()
                        : timers.finish(intent, stored.value().getEpoch());
                String took = "";
                if (since.isPresent()) {
                    double seconds = (nanoTime.getAsLong() - since.getAsLong()) / 1e9;
                    failoverSeconds.observe(seconds);
                    took = String.format(" after %.3f s withdrawn", seconds);
                }
                LOG.info("placement of {}: {} (epoch {}){}", intent, decision.getReason(), decision.getEpoch(), took);
            }
            default -> LOG.info("placement of {}: {} (epoch {})", intent, decision.getReason(), decision.getEpoch());
        }
    }

    private AuditRecord auditRecord(String intent, PlacementStep step, Snapshot snapshot) {
        PlacementDecision decision = step.decision().orElseThrow();
        String to = step.kind() == PlacementStep.Kind.ACTIVATE ? decision.getActiveClusters(0)
                : decision.getTargetCluster();
        String reason = step.reason().map(FailoverReason::label)
                .orElse(step.from().isEmpty() ? "initial" : "withdrawn");
        AuditRecord.Builder record = AuditRecord.newBuilder()
                .setAction(AuditAction.AUDIT_ACTION_FAILOVER)
                .setKind(AuditEvents.INTENT_KIND)
                .setName(intent)
                .setActor(ACTOR)
                // The cluster holding the IP once this commits: nobody while withdrawing.
                .setCluster(step.kind() == PlacementStep.Kind.ACTIVATE ? to : "")
                .setMessage("from " + (step.from().isEmpty() ? "-" : step.from()) + " to " + (to.isEmpty() ? "-" : to)
                        + ", reason " + reason + ", epoch " + decision.getEpoch() + ": " + decision.getReason());
        snapshot.allocations().values().stream().map(TypedKeyValue::value)
                .filter(a -> a.getIntent().equals(intent) && a.getCluster().isEmpty())
                .findFirst()
                .ifPresent(allocation -> record.setIp(allocation.getIp()).setPool(allocation.getPool()));
        return record.build();
    }

    private CompletableFuture<Boolean> commit(List<Compare> guards, List<Op> ops) {
        List<Compare> compares = new ArrayList<>(guards);
        compares.addAll(fencing.get());
        return store.commit(Txn.when(compares.toArray(Compare[]::new)).then(ops).build())
                .thenApply(result -> {
                    if (!result.succeeded()) {
                        // Someone else wrote first: the watch brings their write and another pass.
                        LOG.debug("decision write lost a race on {}", result.failedCompares());
                    }
                    return result.succeeded();
                });
    }

    private static boolean isWithdrawing(PlacementDecision decision) {
        return decision.getActiveClustersCount() == 0 && decision.getFencedClustersCount() > 0;
    }

    private static OptionalLong versionOf(PublishOutcome outcome) {
        if (outcome instanceof PublishOutcome.Published published) {
            return OptionalLong.of(published.version());
        }
        if (outcome instanceof PublishOutcome.Unchanged unchanged) {
            return OptionalLong.of(unchanged.version());
        }
        return OptionalLong.empty();
    }

    private static <T extends com.google.protobuf.Message> Map<String, T> values(
            Map<String, TypedKeyValue<T>> typed) {
        Map<String, T> values = new HashMap<>();
        typed.forEach((name, kv) -> values.put(name, kv.value()));
        return values;
    }
}

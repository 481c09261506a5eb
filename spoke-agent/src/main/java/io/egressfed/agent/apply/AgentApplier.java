package io.egressfed.agent.apply;

import io.egressfed.agent.backend.AssignmentPlan;
import io.egressfed.agent.backend.BackendDetector;
import io.egressfed.agent.backend.DesiredObject;
import io.egressfed.agent.backend.DetectedBackends;
import io.egressfed.agent.backend.EffectiveAssignment;
import io.egressfed.agent.backend.EgressBackend;
import io.egressfed.agent.backend.InformerCache;
import io.egressfed.agent.backend.ObjectKey;
import io.egressfed.agent.backend.cilium.CiliumResources;
import io.egressfed.agent.lease.Leases;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.MetaProto;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's apply loop: enforces the current config through the cluster's backend, re-plans on
 * every informer event (gateway failover, kube-vip moving a VIP, drift) and fences on request. All
 * state lives on one reconcile thread; every public method hands work to it.
 *
 * <p>An ACTIVE ActivePassive assignment is held (written as ACTIVE) only while {@link Leases} has a live
 * lease for its intent and epoch; otherwise it is written fenced. Every pass consults the leases, and a
 * lease that starts or lapses requests a pass, so an applied config (hence an ACK) and every later state
 * of the objects reflect the leases at the time they were written.
 *
 * <p>Every pass that changes what the health report says about an assignment tells the listeners of
 * {@link #onHealthChange(Runnable)}, so that a failed gateway reaches the hub without waiting for a
 * heartbeat.
 */
public final class AgentApplier implements ConfigApplier, Fencer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentApplier.class);
    private static final Duration CACHE_LAG_LIMIT = Duration.ofSeconds(30);

    private final AgentSettings settings;
    private final AppliedVersionStore store;
    private final ApplyMetrics metrics;
    private final AssignmentPlanner planner;
    private final InformerCache cache;
    private final BackendDetector detector;
    private final Backends backends;
    private final ObjectSync sync;
    private final StartFence startFence;
    private final StateSnapshots snapshots;
    private final HealthChanges healthChanges = new HealthChanges();
    private final ReconcileLoop loop;

    // Confined to the reconcile thread.
    private ClusterConfig enforced;
    private Map<String, String> refused = Map.of();
    private boolean started;
    private Map<String, AssignmentPlan> plans = Map.of();
    private DetectedBackends detected = new DetectedBackends(false, false, false);

    private volatile long lastApplied;

    /**
     * Creates the applier; nothing runs until {@link #start()}.
     *
     * @param client   the cluster's client
     * @param settings how the agent is installed
     * @param store    where the applied version is persisted
     * @param leases   the hub's leases on ActivePassive assignments
     * @param registry where the metrics go
     */
    public AgentApplier(KubernetesClient client, AgentSettings settings, AppliedVersionStore store, Leases leases,
                        PrometheusRegistry registry) {
        this.settings = settings;
        this.store = store;
        this.metrics = new ApplyMetrics(registry);
        this.planner = new AssignmentPlanner(leases, registry);
        this.cache = new InformerCache(client, this::onClusterChange);
        this.detector = new BackendDetector(client, settings.kubeVipNamespace());
        this.backends = new Backends(client, settings);
        this.sync = new ObjectSync(cache, metrics, CACHE_LAG_LIMIT, System::nanoTime);
        this.startFence = new StartFence(backends.policies(), backends.services());
        this.snapshots = new StateSnapshots(cache, sync, backends);
        this.loop = new ReconcileLoop("egressfed-reconcile-" + settings.cluster(), this::eventPass);
    }

    /**
     * Loads the persisted version, detects the backends, fences every owned ActivePassive object (a
     * restarted agent holds no lease; see {@link StartFence}) and starts the informers. Until a config is
     * applied the agent leaves every other owned object as it is: a restart must not drop PerCluster
     * egress. From now on a lease that starts or lapses triggers a pass.
     *
     * @return completes when the informers hold their first lists; fails when the fence could not be
     *     written, since the agent could not vouch for the addresses it may still hold
     */
    public CompletableFuture<Void> start() {
        return store.load().thenCompose(version -> loop.submit(() -> {
            lastApplied = version;
            metrics.appliedVersion(version);
            detected = detector.detect();
            startFence.fence(detected.ciliumPolicies(), "Start");
            cache.watchNodes();
            cache.watch(backends.services());
            if (detected.ciliumPolicies() && detected.ciliumNodes()) {
                watchCilium();
            }
            started = true;
            planner.passOnLeaseChange(loop);
            LOG.info("Agent for cluster {} started: last applied version {}, detected {}, workloads served in {}",
                    settings.cluster(), version, detected.backends(), settings.managedNamespaces());
            return null;
        }));
    }

    /** @return the applier's metrics */
    public ApplyMetrics metrics() {
        return metrics;
    }

    /** @return the lease fencing metrics */
    public LeaseMetrics leaseMetrics() {
        return planner.leaseMetrics();
    }

    @Override
    public CompletableFuture<ApplyOutcome> apply(ClusterConfig config) {
        return loop.submit(() -> {
            long startedAt = System.nanoTime();
            try {
                ApplyOutcome outcome = applyNow(config);
                LOG.info("Config version {}: {}", config.getVersion(), outcome.applied() ? "applied" : outcome.reason());
                return outcome;
            } finally {
                metrics.applied((System.nanoTime() - startedAt) / 1e9);
            }
        });
    }

    /**
     * The last version applied completely and persisted; known once {@link #start()} completed.
     *
     * @return the version, 0 when none
     */
    public long lastAppliedVersion() {
        return lastApplied;
    }

    /**
     * {@inheritDoc}
     *
     * <p>True: what this applier enforces lives in memory, and a restarted agent fences its ActivePassive
     * objects and leaves every other owned object alone until it is handed a config.
     */
    @Override
    public boolean needsCurrentConfigAfterStart() {
        return true;
    }

    @Override
    public CompletableFuture<FenceOutcome> fence(String intent) {
        return loop.submit(() -> fenceNow(assignment -> assignment.getIntent().equals(intent)));
    }

    @Override
    public CompletableFuture<FenceOutcome> fenceAllActivePassive() {
        return loop.submit(() -> fenceNow(assignment -> assignment.getMode() == PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE));
    }

    @Override
    public CompletableFuture<FenceOutcome> unfence(String intent) {
        return loop.submit(() -> {
            if (!planner.lift(intent)) {
                return new FenceOutcome(Set.of(), Map.of());
            }
            LOG.info("Intent {}: local fence lifted", intent);
            return new FenceOutcome(Set.of(intent), only(pass(), Set.of(intent)));
        });
    }

    /**
     * A consistent snapshot of the enforced state, for the health report.
     *
     * @return completes on the reconcile thread's next turn
     */
    public CompletableFuture<AgentState> state() {
        return loop.submit(() -> snapshots.snapshot(lastApplied, Optional.ofNullable(enforced), plans, detected));
    }

    /**
     * Asks to be told when a pass changed what {@link #state()} says about an assignment: healthy, role,
     * gateway node and readiness, VIP host, active endpoint, objects present, reason, or which assignments
     * there are. A pass that changes none of these tells nobody.
     *
     * @param listener called on the reconcile thread after each change; must not block. A {@link #state()}
     *     asked for afterwards reflects the change
     * @return unregisters the listener
     */
    public Runnable onHealthChange(Runnable listener) {
        return healthChanges.listen(listener);
    }

    /**
     * Stops enforcing the config and fences every owned ActivePassive object, for an agent that shuts down
     * while it is the only writer: it can no longer renew its leases, and nobody would fence an address
     * left held. Later informer events write nothing. Not for a replica that lost the leadership, since
     * another one may be writing already.
     *
     * @return completes once the fence is written; fails when it could not be
     */
    public CompletableFuture<Void> fenceAndStop() {
        return loop.submit(() -> {
            enforced = null;
            plans = Map.of();
            if (started) {
                startFence.fence(detected.ciliumPolicies(), "Stop");
            }
            healthChanges.observe(List.of());
            return null;
        });
    }

    @Override
    public void close() {
        loop.close();
        cache.close();
    }

    private ApplyOutcome applyNow(ClusterConfig config) {
        long version = config.getVersion();
        if (!started) {
            return ApplyOutcome.failed(version, "the agent has not started yet: its last applied version is unknown");
        }
        if (version < lastApplied) {
            return ApplyOutcome.failed(version, "version " + version + " is older than the last applied version "
                    + lastApplied);
        }
        if (enforced != null && version < enforced.getVersion()) {
            return ApplyOutcome.failed(version, "version " + version + " is older than version "
                    + enforced.getVersion() + ", which this agent enforces");
        }
        ConfigCheck.Problems problems = ConfigCheck.check(config, settings.cluster());
        if (!problems.none()) {
            return ApplyOutcome.failed(version, problems.summary(), problems.assignments());
        }
        EgressBackend backend = backends.get(config.getBackend());
        Map<String, String> refusedNow;
        try {
            detected = detector.detect();
            if (backend.requiresCilium()) {
                if (!detected.ciliumPolicies() || !detected.ciliumNodes()) {
                    return ApplyOutcome.failed(version, "backend " + manifestName(config.getBackend()) + " needs the CRDs "
                            + CiliumResources.POLICY_CRD + " and " + CiliumResources.CILIUM_NODE_CRD
                            + ", which this cluster lacks");
                }
                watchCilium();
            }
            refusedNow = backend.admit(config.getGateway(), configRoles(config));
        } catch (KubernetesClientException e) {
            return ApplyOutcome.failed(version, "cannot read the cluster: " + e.getMessage());
        }
        enforced = config;
        refused = Map.copyOf(refusedNow);
        planner.supersede(config);

        Map<String, String> errors = new TreeMap<>(refused);
        pass().forEach((intent, error) -> errors.merge(intent, error, (a, b) -> a + "; " + b));
        if (!errors.isEmpty()) {
            return ApplyOutcome.failed(version, errors.size() + " of " + config.getAssignmentsCount()
                    + " assignments could not be applied", errors);
        }
        try {
            store.save(version).join();
        } catch (CompletionException e) {
            return ApplyOutcome.failed(version, "the objects are written, but the applied version could not be persisted: "
                    + e.getCause().getMessage());
        }
        lastApplied = version;
        metrics.appliedVersion(version);
        return ApplyOutcome.applied(version);
    }

    private FenceOutcome fenceNow(Predicate<ConfigAssignment> which) {
        Set<String> intents = enforced == null ? Set.of() : planner.fence(enforced, which);
        if (intents.isEmpty()) {
            return new FenceOutcome(Set.of(), Map.of());
        }
        LOG.info("Fencing {}", intents);
        return new FenceOutcome(intents, only(pass(), intents));
    }

    private void eventPass() {
        Map<String, String> errors = pass();
        if (!errors.isEmpty()) {
            LOG.warn("Reconcile left {} intents unwritten, retrying: {}", errors.size(), errors);
        }
    }

    /** Plans every assignment and syncs the cluster; returns write errors by intent. */
    private Map<String, String> pass() {
        if (enforced == null) {
            return Map.of();
        }
        Map<String, AssignmentPlan> next = planner.plan(enforced, refused, backends.get(enforced.getBackend()), cache);
        List<DesiredObject> desired = next.values().stream().flatMap(plan -> plan.objects().stream()).toList();
        // Counted before the write so the counter never lags an object a watcher already sees.
        countRepoints(next);
        ObjectSync.Result result = sync.sync(backends.watched(cache), desired, enforced.getVersion());
        plans = next;
        healthChanges.observe(snapshots.assignments(Optional.of(enforced), plans));
        if (result.errors().isEmpty()) {
            loop.succeeded();
        } else {
            loop.retryLater();
        }
        return result.errors();
    }

    private void countRepoints(Map<String, AssignmentPlan> next) {
        for (AssignmentPlan now : next.values()) {
            AssignmentPlan before = plans.get(now.intent());
            if (before == null || !before.steersGateway() || !now.steersGateway()
                    || before.role() != AssignmentRole.ASSIGNMENT_ROLE_ACTIVE
                    || now.role() != AssignmentRole.ASSIGNMENT_ROLE_ACTIVE) {
                continue;
            }
            String from = before.status().gatewayNode();
            String to = now.status().gatewayNode();
            if (!from.isEmpty() && !from.equals(to)) {
                metrics.repointed();
                LOG.info("Intent {}: gateway moved from {} to {}", now.intent(), from, to.isEmpty() ? "no node" : to);
            }
        }
    }

    private void watchCilium() {
        cache.watchCiliumNodes(CiliumResources.CILIUM_NODES);
        cache.watch(backends.policies());
    }

    private void onClusterChange(Optional<ObjectKey> owned) {
        owned.ifPresent(sync::observed);
        loop.requestPass();
    }

    private static List<EffectiveAssignment> configRoles(ClusterConfig config) {
        List<EffectiveAssignment> assignments = new ArrayList<>();
        for (ConfigAssignment assignment : config.getAssignmentsList()) {
            if (assignment.getRole() != AssignmentRole.ASSIGNMENT_ROLE_STANDBY) {
                assignments.add(new EffectiveAssignment(assignment, assignment.getRole()));
            }
        }
        return assignments;
    }

    private static String manifestName(Backend backend) {
        return backend.getValueDescriptor().getOptions().getExtension(MetaProto.manifestName);
    }

    private static Map<String, String> only(Map<String, String> errors, Set<String> intents) {
        Map<String, String> selected = new TreeMap<>(errors);
        selected.keySet().retainAll(intents);
        return selected;
    }
}

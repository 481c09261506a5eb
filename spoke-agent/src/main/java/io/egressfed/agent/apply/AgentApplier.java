package io.egressfed.agent.apply;

import io.egressfed.agent.backend.AssignmentPlan;
import io.egressfed.agent.backend.AssignmentStatus;
import io.egressfed.agent.backend.BackendDetector;
import io.egressfed.agent.backend.DesiredObject;
import io.egressfed.agent.backend.DetectedBackends;
import io.egressfed.agent.backend.EffectiveAssignment;
import io.egressfed.agent.backend.EgressBackend;
import io.egressfed.agent.backend.GatewayNodes;
import io.egressfed.agent.backend.InformerCache;
import io.egressfed.agent.backend.ObjectKey;
import io.egressfed.agent.backend.OwnedKind;
import io.egressfed.agent.backend.cilium.CiliumBackend;
import io.egressfed.agent.backend.cilium.CiliumResources;
import io.egressfed.agent.backend.cilium.PolicyKind;
import io.egressfed.agent.backend.ciliumvip.CiliumVipBackend;
import io.egressfed.agent.backend.kubevip.KubeVipBackend;
import io.egressfed.agent.backend.kubevip.ServiceKind;
import io.egressfed.agent.backend.kubevip.WorkloadResolver;
import io.egressfed.agent.lease.Leases;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.MetaProto;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 */
public final class AgentApplier implements ConfigApplier, Fencer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentApplier.class);
    private static final Duration CACHE_LAG_LIMIT = Duration.ofSeconds(30);

    private final AgentSettings settings;
    private final AppliedVersionStore store;
    private final ApplyMetrics metrics;
    private final LeaseGate leaseGate;
    private final InformerCache cache;
    private final BackendDetector detector;
    private final PolicyKind policies;
    private final ServiceKind services;
    private final Map<Backend, EgressBackend> backends;
    private final ObjectSync sync;
    private final StartFence startFence;
    private final ReconcileLoop loop;

    // Confined to the reconcile thread.
    private ClusterConfig enforced;
    private Map<String, String> refused = Map.of();
    private final LocalFences fences = new LocalFences();
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
        this.leaseGate = new LeaseGate(leases, registry);
        this.cache = new InformerCache(client, this::onClusterChange);
        this.detector = new BackendDetector(client, settings.kubeVipNamespace());
        this.policies = new PolicyKind(client);
        // cilium-vip keeps its VIP Services in the agent's own namespace, so that one is always in reach.
        this.services = new ServiceKind(client, settings.managedNamespaces().plus(settings.agentNamespace()));
        Optional<String> lbClass = settings.loadBalancerClass();
        this.backends = Map.of(
                Backend.BACKEND_CILIUM, new CiliumBackend(policies),
                Backend.BACKEND_KUBE_VIP, new KubeVipBackend(services,
                        new WorkloadResolver(client, settings.managedNamespaces()), lbClass),
                Backend.BACKEND_CILIUM_VIP, new CiliumVipBackend(policies, services, settings.agentNamespace(), lbClass));
        this.sync = new ObjectSync(cache, metrics, CACHE_LAG_LIMIT, System::nanoTime);
        this.startFence = new StartFence(policies, services);
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
            cache.watch(services);
            if (detected.ciliumPolicies() && detected.ciliumNodes()) {
                watchCilium();
            }
            started = true;
            leaseGate.passOnChange(loop);
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
        return leaseGate.metrics();
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
            if (!fences.lift(intent)) {
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
        return loop.submit(() -> {
            Backend backend = enforced == null ? Backend.BACKEND_UNSPECIFIED : enforced.getBackend();
            LabelSelector gatewaySelector = enforced == null
                    ? LabelSelector.getDefaultInstance() : enforced.getGateway().getNodeSelector();
            boolean requireCilium = enforced == null ? cache.watchesCiliumNodes() : backends.get(backend).requiresCilium();
            List<AgentState.Assignment> assignments = new ArrayList<>();
            if (enforced != null) {
                for (ConfigAssignment assignment : enforced.getAssignmentsList()) {
                    AssignmentPlan plan = plans.get(assignment.getIntent());
                    if (plan != null) {
                        assignments.add(new AgentState.Assignment(assignment.getIntent(), assignment.getEgressIp(),
                                plan.role(), present(plan), plan.status()));
                    }
                }
            }
            return new AgentState(lastApplied, enforced == null ? 0 : enforced.getVersion(), backend,
                    detected.backends(), GatewayNodes.evaluate(gatewaySelector, cache, requireCilium)
                            .inventory(addressesRequired(backend)),
                    assignments);
        });
    }

    /** Cilium SNATs with addresses the nodes list; where kube-vip brings the VIP up, any ready gateway counts. */
    private boolean addressesRequired(Backend backend) {
        return backend == Backend.BACKEND_CILIUM || (backend == Backend.BACKEND_UNSPECIFIED && !detected.kubeVip());
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
        fences.supersede(config);

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
        Set<String> intents = enforced == null ? Set.of() : fences.fence(enforced, which);
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
        EgressBackend backend = backends.get(enforced.getBackend());
        Map<String, AssignmentPlan> next = new LinkedHashMap<>();
        List<EffectiveAssignment> admitted = new ArrayList<>();
        leaseGate.beginPass();
        for (ConfigAssignment assignment : enforced.getAssignmentsList()) {
            String intent = assignment.getIntent();
            if (assignment.getRole() == AssignmentRole.ASSIGNMENT_ROLE_STANDBY) {
                next.put(intent, AssignmentPlan.nothing(intent, assignment.getRole(),
                        AssignmentStatus.healthyWithout("standby: nothing is written in this cluster")));
            } else if (refused.containsKey(intent)) {
                next.put(intent, AssignmentPlan.nothing(intent, assignment.getRole(),
                        AssignmentStatus.unhealthy(refused.get(intent))));
            } else {
                boolean fenced = fences.fenced(intent) || !leaseGate.permits(assignment);
                admitted.add(new EffectiveAssignment(assignment, fenced
                        ? AssignmentRole.ASSIGNMENT_ROLE_FENCED : assignment.getRole()));
            }
        }
        for (AssignmentPlan plan : backend.plan(enforced.getGateway(), admitted, cache)) {
            next.put(plan.intent(), leaseGate.explain(plan));
        }
        leaseGate.endPass();
        List<DesiredObject> desired = next.values().stream().flatMap(plan -> plan.objects().stream()).toList();
        List<OwnedKind<?>> watched = List.<OwnedKind<?>>of(policies, services).stream().filter(cache::watches).toList();
        // Counted before the write so the counter never lags an object a watcher already sees.
        countRepoints(next);
        ObjectSync.Result result = sync.sync(watched, desired, enforced.getVersion());
        plans = next;
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

    private boolean present(AssignmentPlan plan) {
        if (plan.objects().isEmpty()) {
            return false;
        }
        for (DesiredObject object : plan.objects()) {
            OwnedKind<?> kind = object.key().kind().equals(services.kind()) ? services : policies;
            if (!sync.present(kind, object.key())) {
                return false;
            }
        }
        return true;
    }

    private void watchCilium() {
        cache.watchCiliumNodes(CiliumResources.CILIUM_NODES);
        cache.watch(policies);
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

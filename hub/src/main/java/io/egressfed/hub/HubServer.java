package io.egressfed.hub;

import io.egressfed.api.envelope.KeyId;
import io.egressfed.api.ops.OpsHttpServer;
import io.egressfed.api.pki.CaPin;
import io.egressfed.api.pki.TlsIdentity;
import io.egressfed.api.v1alpha1.HubStatus;
import io.egressfed.hub.api.AdminHttpServer;
import io.egressfed.hub.api.AdminHttpSettings;
import io.egressfed.hub.api.AdminMetrics;
import io.egressfed.hub.api.AdminOperations;
import io.egressfed.hub.api.EnrollmentSettings;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.auth.IssuedAdminToken;
import io.egressfed.hub.auth.StoreAdminTokens;
import io.egressfed.hub.cluster.CoordinatorSingleton;
import io.egressfed.hub.cluster.DistributedLiveStatusRegistry;
import io.egressfed.hub.cluster.FencedService;
import io.egressfed.hub.cluster.HubCluster;
import io.egressfed.hub.cluster.SwappableMetrics;
import io.egressfed.hub.lead.Election;
import io.egressfed.hub.lead.EtcdElection;
import io.egressfed.hub.lead.InMemoryElection;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.audit.StoreAuditLog;
import io.egressfed.hub.compile.CompileOptions;
import io.egressfed.hub.compile.PublisherOptions;
import io.egressfed.hub.compile.SigningConfigPublisher;
import io.egressfed.hub.compile.SigningKeys;
import io.egressfed.hub.coordinator.Coordinator;
import io.egressfed.hub.coordinator.FailoverSettings;
import io.egressfed.hub.ipam.StoreAllocator;
import io.egressfed.hub.link.EnrollmentTokenService;
import io.egressfed.hub.link.InventoryRecorder;
import io.egressfed.hub.link.LinkMetrics;
import io.egressfed.hub.link.LinkEnrollment;
import io.egressfed.hub.link.LeaseGranter;
import io.egressfed.hub.link.LinkSettings;
import io.egressfed.hub.link.LiveStatusRegistry;
import io.egressfed.hub.link.SpokeLinkServers;
import io.egressfed.hub.link.SpokeLinkService;
import io.egressfed.hub.link.StoreConfigFeed;
import io.egressfed.hub.pki.CertificateAuthority;
import io.egressfed.hub.pki.EnrollmentTokens;
import io.egressfed.hub.pki.HubCertificateAuthority;
import io.egressfed.hub.state.ResourceService;
import io.egressfed.hub.state.StoreResourceService;
import io.egressfed.hub.store.EtcdStore;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.StoreMetrics;
import io.egressfed.hub.validate.Validator;
import io.etcd.jetcd.Client;
import io.grpc.Server;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hub replica, assembled: store, Pekko cluster membership, cluster-wide live status, the
 * coordinator (a cluster singleton behind an etcd election), resource service, IPAM, audit, signer, CA,
 * spoke link server and the ops endpoints. {@link #start(HubSettings)} returns once every listener is up;
 * the coordinator starts on whichever replica runs the singleton once it wins the election.
 */
public final class HubServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);
    private static final Duration SERVER_CERTIFICATE_TTL = Duration.ofDays(90);

    private final HubSettings settings;
    private final Store store;
    private final Keys keys;
    private final AuditLog audit;
    private final ResourceService resources;
    private final EnrollmentTokenService tokens;
    private final LiveStatusRegistry liveStatus;
    private final CertificateAuthority ca;
    private final SigningKeys signingKeys;
    private final PrometheusRegistry registry;
    private final HubCluster cluster;
    private final Election election;
    private final AtomicReference<Coordinator> coordinator;
    private final Server grpcServer;
    private final OpsHttpServer opsServer;
    private final AdminHttpServer adminServer;
    private final Optional<IssuedAdminToken> initialAdminToken;
    private final Deque<AutoCloseable> closeables;

    private HubServer(Builder parts) {
        this.settings = parts.settings;
        this.store = parts.store;
        this.keys = parts.keys;
        this.audit = parts.audit;
        this.resources = parts.resources;
        this.tokens = parts.tokens;
        this.liveStatus = parts.liveStatus;
        this.ca = parts.ca;
        this.signingKeys = parts.signingKeys;
        this.registry = parts.registry;
        this.cluster = parts.cluster;
        this.election = parts.election;
        this.coordinator = parts.coordinator;
        this.grpcServer = parts.grpcServer;
        this.opsServer = parts.opsServer;
        this.adminServer = parts.adminServer;
        this.initialAdminToken = parts.initialAdminToken;
        this.closeables = parts.closeables;
    }

    /**
     * Starts a hub replica.
     *
     * @param settings what to start with
     * @return the running hub
     * @throws IOException when a key, the CA or a listener cannot be set up
     */
    public static HubServer start(HubSettings settings) throws IOException {
        Builder parts = new Builder(settings);
        try {
            parts.build();
            return new HubServer(parts);
        } catch (IOException | RuntimeException e) {
            parts.closeAll();
            throw e;
        }
    }

    /** @return the store every decision is written to */
    public Store store() {
        return store;
    }

    /** @return the etcd key layout */
    public Keys keys() {
        return keys;
    }

    /** @return the audit log */
    public AuditLog audit() {
        return audit;
    }

    /** @return create/update/delete/get/list of pools, clusters and intents */
    public ResourceService resources() {
        return resources;
    }

    /** @return enrollment token issuance */
    public EnrollmentTokenService enrollmentTokens() {
        return tokens;
    }

    /** @return the live status of connected agents */
    public LiveStatusRegistry liveStatus() {
        return liveStatus;
    }

    /** @return the hub CA's pin, which agents are installed with */
    public CaPin caPin() {
        return ca.pin();
    }

    /** @return the id of the key configs are signed with */
    public KeyId signingKeyId() {
        return signingKeys.keyId();
    }

    /**
     * The coordinator, where this replica runs it.
     *
     * @return the running coordinator, empty on replicas that do not lead
     */
    public Optional<Coordinator> coordinator() {
        return Optional.ofNullable(coordinator.get());
    }

    /** @return this replica's membership in the Pekko cluster of replicas */
    public HubCluster cluster() {
        return cluster;
    }

    /** @return the election guarding the coordinator */
    public Election election() {
        return election;
    }

    /** @return the metrics registry */
    public PrometheusRegistry metrics() {
        return registry;
    }

    /** @return the bound spoke-link port */
    public int grpcPort() {
        return grpcServer.getPort();
    }

    /** @return the bound ops HTTP port */
    public int httpPort() {
        return opsServer.port();
    }

    /** @return the bound admin API port */
    public int adminPort() {
        return adminServer.port();
    }

    /**
     * The admin token created at this start because the store held none: shown once, never stored in
     * clear.
     *
     * @return the token, or empty when tokens already existed
     */
    public Optional<IssuedAdminToken> initialAdminToken() {
        return initialAdminToken;
    }

    /** @return the settings the hub was started with */
    public HubSettings settings() {
        return settings;
    }

    /** Stops listeners first, then background work, then the store. */
    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable next = closeables.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("while stopping the hub: {}", e.toString());
            }
        }
    }

    /** Holds the parts while they are built, so a failure half-way closes what was started. */
    private static final class Builder {
        private final HubSettings settings;
        private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
        private final Clock clock = Clock.systemUTC();
        private final PrometheusRegistry registry = new PrometheusRegistry();
        private Store store;
        private Keys keys;
        private AuditLog audit;
        private ResourceService resources;
        private EnrollmentTokenService tokens;
        private LiveStatusRegistry liveStatus;
        private CertificateAuthority ca;
        private SigningKeys signingKeys;
        private final AtomicReference<Coordinator> coordinator = new AtomicReference<>();
        private HubCluster cluster;
        private Election election;
        private Server grpcServer;
        private OpsHttpServer opsServer;
        private AdminHttpServer adminServer;
        private Optional<IssuedAdminToken> initialAdminToken = Optional.empty();

        Builder(HubSettings settings) {
            this.settings = settings;
        }

        void build() throws IOException {
            keys = new Keys(settings.keyRoot());
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("hub-scheduler"));
            closeables.push(() -> {
                scheduler.shutdownNow();
                scheduler.awaitTermination(2, TimeUnit.SECONDS);
            });
            if (settings.inMemory()) {
                LOG.warn("using the in-memory store: nothing survives a restart (development only)");
                store = new InMemoryStore();
                closeables.push(store);
                election = new InMemoryElection(store, keys);
            } else {
                LOG.info("using etcd at {}", settings.etcdEndpoints());
                Client client = EtcdStore.newClient(settings.etcdEndpoints());
                closeables.push(client);
                store = new EtcdStore(client);
                closeables.push(store);
                election = new EtcdElection(client, keys, EtcdElection.DEFAULT_TTL, scheduler);
            }
            closeables.push(election);
            cluster = HubCluster.start(settings.cluster());
            closeables.push(cluster);
            StoreMetrics storeMetrics = new StoreMetrics(registry);
            audit = new StoreAuditLog(store, keys, clock);
            resources = new StoreResourceService(store, keys, audit, Validator.create(), clock);
            signingKeys = settings.signingKey().isPresent()
                    ? SigningKeys.load(settings.signingKey().get(), settings.previousSigningKeys())
                    : SigningKeys.loadOrGenerate(settings.dataDir(), settings.previousSigningKeys());
            HubCertificateAuthority authority = HubCertificateAuthority.loadOrCreate(settings.caDir(), clock);
            ca = authority;
            TlsIdentity serverIdentity = authority.issueServerCertificate(settings.serverNames(),
                    settings.serverAddresses(), SERVER_CERTIFICATE_TTL);

            SigningConfigPublisher publisher = new SigningConfigPublisher(store, keys, signingKeys.signer(),
                    signingKeys.publicKeys(), clock, PublisherOptions.defaults());
            DistributedLiveStatusRegistry distributed = new DistributedLiveStatusRegistry(cluster.system(), clock,
                    DistributedLiveStatusRegistry.DEFAULT_SEEN_INTERVAL);
            liveStatus = distributed;
            distributed.local().addListener(new InventoryRecorder(resources, clock));
            distributed.local().addListener(new LinkMetrics(registry, clock::instant));

            StoreAllocator allocator = new StoreAllocator(store, keys, audit, clock);
            SwappableMetrics coordinatorMetrics = SwappableMetrics.registerIn(registry);
            FencedService.Factory coordinators = fencing -> {
                Coordinator created = new Coordinator(store, keys, allocator, publisher,
                        new CompileOptions(settings.leaseDuration()), fencing, scheduler, storeMetrics,
                        coordinatorMetrics.next(), clock, Duration.ofMillis(50), liveStatus, audit,
                        new FailoverSettings(settings.leaseDuration(), settings.leaseMargin(),
                                FailoverSettings.DEFAULT_STABILIZATION));
                return FencedService.of(() -> created.start().thenRun(() -> coordinator.set(created)), () -> {
                    coordinator.compareAndSet(created, null);
                    created.close();
                });
            };
            CoordinatorSingleton.init(cluster, election, coordinators);

            StoreConfigFeed feed = new StoreConfigFeed(store, keys, storeMetrics, scheduler);
            closeables.push(feed);
            join(feed.start(), "config feed");
            tokens = new EnrollmentTokenService(store, keys, new EnrollmentTokens(new SecureRandom(), clock));
            LinkEnrollment enrollment = new LinkEnrollment(store, keys, ca, signingKeys.signingKeyMessages(),
                    CertificateAuthority.DEFAULT_CLIENT_TTL, clock);
            LeaseGranter leases = new LeaseGranter(store, keys, settings.leaseDuration(),
                    LinkSettings.DEFAULT_HEARTBEAT_INTERVAL, scheduler, System::nanoTime);
            leases.start();
            closeables.push(leases);
            SpokeLinkService link = new SpokeLinkService(enrollment, feed, liveStatus, LinkSettings.defaults(), leases,
                    clock, scheduler);
            grpcServer = SpokeLinkServers.build(settings.grpcAddress(), serverIdentity, ca.certificate(), link).start();
            closeables.push(() -> {
                link.close();
                grpcServer.shutdown();
                if (!grpcServer.awaitTermination(2, TimeUnit.SECONDS)) {
                    grpcServer.shutdownNow();
                }
            });
            opsServer = OpsHttpServer.start(settings.httpAddress(), registry, this::readinessProblems);
            closeables.push(opsServer);
            startAdminApi(serverIdentity);
            LOG.info("hub ready: spoke link on {}:{} (mTLS), ops HTTP on {}:{}; CA sha256 {}; signing key {}",
                    settings.grpcAddress().getHostString(), grpcServer.getPort(),
                    settings.httpAddress().getHostString(), opsServer.port(), ca.pin().sha256Hex(),
                    signingKeys.keyId().hex());
        }

        private void startAdminApi(TlsIdentity serverIdentity) throws IOException {
            StoreAdminTokens adminTokens = new StoreAdminTokens(store, keys, new SecureRandom(), clock);
            String dialed = (settings.serverNames().isEmpty() ? settings.serverAddresses().get(0)
                    : settings.serverNames().get(0)) + ":" + grpcServer.getPort();
            AdminOperations operations = new AdminOperations(resources, store, keys, audit, Validator.create(),
                    liveStatus, tokens, EnrollmentSettings.of(dialed, ca.pin().sha256Hex(),
                            signingKeys.publicKeys().stream().map(key -> key.keyId().hex()).toList()),
                    () -> HubStatus.newBuilder().setVersion(Versions.version()).addAllReplicas(cluster.replicas())
                            .setCoordinator(currentCoordinator()).addAllConnectedClusters(liveStatus.all().stream()
                                    .filter(LiveStatus::connected).map(LiveStatus::cluster).sorted().toList())
                            .build(),
                    clock);
            AdminHttpSettings admin = settings.adminPlaintext()
                    ? AdminHttpSettings.plaintext(settings.adminAddress())
                    : AdminHttpSettings.https(settings.adminAddress(), serverIdentity);
            adminServer = new AdminHttpServer(admin, operations, adminTokens,
                    AdminMetrics.withPoolGauges(registry, resources, store, keys));
            adminServer.start();
            closeables.push(adminServer);
            initialAdminToken = join(adminTokens.ensureInitialAdmin(), "initial admin token");
        }

        /** The replica holding the coordinator's election key, empty when none does or etcd cannot say. */
        private String currentCoordinator() {
            try {
                return election.leader(CoordinatorSingleton.NAME).get(2, TimeUnit.SECONDS).orElse("");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            } catch (Exception e) {
                LOG.debug("could not read the coordinator's election key: {}", e.toString());
                return "";
            }
        }

        /** Ready = the store answers and this replica is an Up member of the Pekko cluster. */
        private List<String> readinessProblems() {
            List<String> problems = new java.util.ArrayList<>();
            try {
                store.currentRevision().get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted while checking the store");
            } catch (Exception e) {
                problems.add("store unreachable: " + e.getClass().getSimpleName());
            }
            if (!cluster.isUp()) {
                problems.add("not an Up member of the hub replicas' Pekko cluster");
            }
            return problems;
        }

        void closeAll() {
            while (!closeables.isEmpty()) {
                try {
                    closeables.pop().close();
                } catch (Exception e) {
                    LOG.warn("while cleaning up a failed start: {}", e.toString());
                }
            }
        }

        private static <T> T join(CompletableFuture<T> future, String what) throws IOException {
            try {
                return future.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the " + what, e);
            } catch (Exception e) {
                throw new IOException("could not start the " + what + ": " + e.getMessage(), e);
            }
        }

        private static java.util.concurrent.ThreadFactory daemon(String name) {
            return runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}

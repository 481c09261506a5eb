package io.egressfed.hub;

import io.egressfed.api.ops.OpsHttpServer;
import io.egressfed.api.pki.TlsIdentity;
import io.egressfed.api.v1alpha1.HubStatus;
import io.egressfed.hub.api.AdminHttpServer;
import io.egressfed.hub.api.AdminHttpSettings;
import io.egressfed.hub.api.AdminMetrics;
import io.egressfed.hub.api.EgressAdminService;
import io.egressfed.hub.api.AdminOperations;
import io.egressfed.hub.api.EnrollmentSettings;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.auth.AdminTokenFiles;
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
import io.grpc.util.MutableHandlerRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
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
 * Builds the parts of a {@link HubServer} in start order and holds them while it does, so a failure half-way
 * closes what was started ({@link #closeAll()}); the server takes them over once {@link #build()} returns.
 */
final class HubAssembly {

    private static final Logger LOG = LoggerFactory.getLogger(HubAssembly.class);
    private static final Duration SERVER_CERTIFICATE_TTL = Duration.ofDays(90);

    final HubSettings settings;
    final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    final Clock clock = Clock.systemUTC();
    final PrometheusRegistry registry = new PrometheusRegistry();
    Store store;
    Keys keys;
    AuditLog audit;
    ResourceService resources;
    EnrollmentTokenService tokens;
    LiveStatusRegistry liveStatus;
    CertificateAuthority ca;
    SigningKeys signingKeys;
    final AtomicReference<Coordinator> coordinator = new AtomicReference<>();
    HubCluster cluster;
    Election election;
    Server grpcServer;
    final MutableHandlerRegistry adminGrpc = new MutableHandlerRegistry();
    OpsHttpServer opsServer;
    AdminHttpServer adminServer;
    Optional<IssuedAdminToken> initialAdminToken = Optional.empty();

    HubAssembly(HubSettings settings) {
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
            Client client = EtcdStore.newClient(settings.etcdEndpoints(), settings.etcdTls());
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
        LeaseGranter leases = new LeaseGranter(store, keys, settings.leaseDuration(), settings.leaseMargin(),
                LinkSettings.DEFAULT_HEARTBEAT_INTERVAL, scheduler, System::nanoTime);
        leases.start();
        closeables.push(leases);
        SpokeLinkService link = new SpokeLinkService(enrollment, feed, liveStatus, LinkSettings.defaults(), leases,
                clock, scheduler);
        grpcServer = SpokeLinkServers.build(settings.grpcAddress(), serverIdentity, ca.certificate(), link,
                adminGrpc).start();
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
        AdminMetrics adminMetrics = AdminMetrics.withPoolGauges(registry, resources, store, keys);
        adminServer = new AdminHttpServer(admin, operations, adminTokens, adminMetrics);
        adminServer.start();
        // The gRPC face of the same operations, on the spoke-link port (bearer tokens; no client certificate).
        adminGrpc.addService(EgressAdminService.definition(operations, adminTokens, adminMetrics,
                Duration.ofSeconds(10)));
        closeables.push(adminServer);
        if (settings.initialAdminTokenFile().isPresent()) {
            Path file = settings.initialAdminTokenFile().get();
            if (join(adminTokens.ensureInitialAdmin(AdminTokenFiles.readInitialToken(file)), "initial admin token")) {
                LOG.info("stored the initial admin token from {} (its hash only)", file);
            }
        } else {
            initialAdminToken = join(adminTokens.ensureInitialAdmin(), "initial admin token");
        }
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

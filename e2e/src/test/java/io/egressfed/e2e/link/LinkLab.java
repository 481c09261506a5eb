package io.egressfed.e2e.link;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.apply.ConfigApplier;
import io.egressfed.agent.apply.FileAppliedVersionStore;
import io.egressfed.agent.link.DirectoryCredentialStore;
import io.egressfed.agent.link.HubLink;
import io.egressfed.agent.link.HubLinkSettings;
import io.egressfed.agent.link.TlsLinkChannels;
import io.egressfed.api.envelope.Ed25519EnvelopeSigner;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.envelope.Ed25519Pem;
import io.egressfed.api.envelope.Ed25519PublicKey;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.TlsIdentity;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.HubMessage;
import io.egressfed.api.v1alpha1.SigningKey;
import io.egressfed.hub.compile.CompileOptions;
import io.egressfed.hub.coordinator.FailoverSettings;
import io.egressfed.hub.link.EnrollmentTokenService;
import io.egressfed.hub.link.InMemoryLiveStatusRegistry;
import io.egressfed.hub.link.LeaseGranter;
import io.egressfed.hub.link.LinkEnrollment;
import io.egressfed.hub.link.LinkSettings;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.link.SpokeLinkServers;
import io.egressfed.hub.link.SpokeLinkService;
import io.egressfed.hub.link.StoreConfigFeed;
import io.egressfed.hub.pki.ClusterIdentityInterceptor;
import io.egressfed.hub.pki.EnrollmentTokens;
import io.egressfed.hub.pki.HubCertificateAuthority;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.StoreMetrics;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real hub link on loopback for end-to-end tests: hub CA, in-memory store, config feed, live status,
 * the SpokeLink service behind mutual TLS (grpc-netty-shaded), and agents ({@link HubLink}) enrolled
 * with real tokens, their credentials and applied versions kept in a temporary directory.
 */
final class LinkLab implements AutoCloseable {

    final Clock clock = Clock.systemUTC();
    final Keys keys = Keys.defaults();
    final InMemoryStore store = new InMemoryStore();
    final HubCertificateAuthority ca = HubCertificateAuthority.create(clock);
    final Ed25519KeyPair signingKey = Ed25519KeyPair.generate();
    final Ed25519EnvelopeSigner signer = new Ed25519EnvelopeSigner(signingKey);
    final InMemoryLiveStatusRegistry liveStatus = new InMemoryLiveStatusRegistry();
    final EnrollmentTokenService tokenService =
            new EnrollmentTokenService(store, keys, new EnrollmentTokens(new SecureRandom(), clock));
    /** Every config the hub sent, per stream, in order. */
    final List<SentConfig> sent = new CopyOnWriteArrayList<>();

    private final Path workDirectory;
    private final LinkSettings settings;
    private final ScheduledExecutorService hubScheduler = Executors.newScheduledThreadPool(2);
    private final LeaseGranter leases;
    private final ScheduledExecutorService agentScheduler = Executors.newScheduledThreadPool(2);
    private final StoreConfigFeed feed;
    private final TlsIdentity serverIdentity;
    private final SpokeLinkService service;
    private final List<HubLink> agents = new ArrayList<>();
    private final Map<Long, Instant> writtenAt = new ConcurrentHashMap<>();
    private final AtomicInteger streams = new AtomicInteger();
    private Server server;
    private int port;

    /**
     * A config the hub pushed.
     *
     * @param stream which Connect stream (numbered in order of arrival)
     * @param cluster the cluster named by the stream's client certificate
     * @param configCluster the cluster the config itself is for
     * @param version the config's version
     */
    record SentConfig(int stream, String cluster, String configCluster, long version) {
    }

    LinkLab(Path workDirectory) throws IOException {
        this(workDirectory, LinkSettings.defaults());
    }

    LinkLab(Path workDirectory, LinkSettings settings) throws IOException {
        this.workDirectory = workDirectory;
        this.settings = settings;
        feed = new StoreConfigFeed(store, keys, new StoreMetrics(new PrometheusRegistry()), hubScheduler);
        feed.start().join();
        SigningKey published = SigningKey.newBuilder()
                .setKeyId(signingKey.keyId().hex())
                .setPublicKeyPem(Ed25519Pem.publicKeyPem(signingKey.publicKey()))
                .build();
        LinkEnrollment enrollment = new LinkEnrollment(store, keys, ca, List.of(published),
                settings.clientCertificateTtl(), clock);
        leases = new LeaseGranter(store, keys, CompileOptions.DEFAULT_LEASE_DURATION,
                FailoverSettings.DEFAULT_LEASE_MARGIN, settings.heartbeatInterval(),
                hubScheduler, System::nanoTime);
        leases.start();
        service = new SpokeLinkService(enrollment, feed, liveStatus, settings, leases, clock, hubScheduler);
        serverIdentity = ca.issueServerCertificate(List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1));
        startServer(0);
    }

    /** The hub's address as agents dial it. */
    String target() {
        return "127.0.0.1:" + port;
    }

    /** Stops the hub's gRPC server; its state (store, feed, live status) survives, as across a restart. */
    void stopServer() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Starts the hub's gRPC server again on the same port. */
    void restartServer() throws IOException {
        startServer(port);
    }

    /** Creates a single-use token for a cluster, as {@code egressctl cluster enroll} will. */
    BootstrapToken token(String cluster) {
        return tokenService.create(cluster).join().token();
    }

    /** Settings of an agent of {@code cluster} that pins the hub's signing key and enrolls with a fresh token. */
    HubLinkSettings agentSettings(String cluster) {
        return HubLinkSettings.of(cluster, ca.pin(), List.of(signingKey.publicKey()))
                .withBootstrapToken(token(cluster))
                .withAgentVersion("e2e");
    }

    /** Starts an agent whose credentials and applied version live in {@code <work>/<name>/}. */
    HubLink startAgent(String name, HubLinkSettings agentSettings, ConfigApplier applier) throws IOException {
        Path home = workDirectory.resolve(name);
        // The lab's appliers write no objects, so there is nothing a lease could hold: grants are dropped.
        HubLink agent = new HubLink(agentSettings, new TlsLinkChannels(target(), ca.pin()),
                new DirectoryCredentialStore(home.resolve("credentials")),
                new FileAppliedVersionStore(home.resolve("applied-version"), agentScheduler), applier, grant -> { },
                Optional.empty(), clock, agentScheduler);
        agents.add(agent);
        try {
            agent.start().join();
        } catch (CompletionException e) {
            throw new IOException("the agent " + name + " did not start: " + e.getCause().getMessage(), e.getCause());
        }
        return agent;
    }

    /** Signs a config of {@code cluster} at {@code version} with the hub key and writes it to the store. */
    void writeConfig(String cluster, long version) {
        writeConfig(cluster, version, signer);
    }

    /** Signs a config with the given signer and writes it to the store. */
    void writeConfig(String cluster, long version, Ed25519EnvelopeSigner with) {
        Instant now = clock.instant();
        ClusterConfig config = ClusterConfig.newBuilder()
                .setCluster(cluster)
                .setVersion(version)
                .setIssuedAt(timestamp(now))
                .setExpiresAt(timestamp(now.plus(Duration.ofHours(1))))
                .setBackend(Backend.BACKEND_CILIUM)
                .build();
        writtenAt.put(version, now);
        store.put(keys.config(cluster), with.signConfig(config).toByteArray()).join();
    }

    /** How long ago the given version was written. */
    Duration sinceWritten(long version) {
        return Duration.between(writtenAt.get(version), clock.instant());
    }

    /** The cluster's live status as the hub sees it, or an unknown one. */
    LiveStatus status(String cluster) {
        return liveStatus.status(cluster).orElse(LiveStatus.unknown(cluster));
    }

    /** Versions the hub sent to {@code cluster}, on any stream, in order. */
    List<Long> sentTo(String cluster) {
        return sent.stream().filter(s -> s.cluster().equals(cluster)).map(SentConfig::version).toList();
    }

    /** A recording {@link ConfigApplier}: remembers applied versions, optionally blocks or fails. */
    static final class RecordingApplier implements ConfigApplier {
        final List<Long> applied = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch gate;
        private final Function<ClusterConfig, ApplyOutcome> outcome;

        RecordingApplier() {
            this(new CountDownLatch(0), config -> ApplyOutcome.applied(config.getVersion()));
        }

        RecordingApplier(CountDownLatch gate, Function<ClusterConfig, ApplyOutcome> outcome) {
            this.gate = gate;
            this.outcome = outcome;
        }

        @Override
        public CompletableFuture<ApplyOutcome> apply(ClusterConfig config) {
            entered.countDown();
            try {
                // Blocks the link's apply thread, as a slow backend would.
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            }
            ApplyOutcome result = outcome.apply(config);
            if (result.applied()) {
                applied.add(config.getVersion());
            }
            return CompletableFuture.completedFuture(result);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (HubLink agent : agents) {
            agent.close();
        }
        service.close();
        leases.close();
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
        feed.close();
        hubScheduler.shutdownNow();
        agentScheduler.shutdownNow();
        store.close();
    }

    private void startServer(int requestedPort) throws IOException {
        server = SpokeLinkServers.build(new InetSocketAddress("127.0.0.1", requestedPort), serverIdentity,
                ca.certificate(), service, recordSentConfigs()).start();
        port = server.getPort();
    }

    /** Sits inside the identity interceptor, so it knows which cluster each stream belongs to. */
    private ServerInterceptor recordSentConfigs() {
        return new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
                    Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                int stream = streams.incrementAndGet();
                String cluster = ClusterIdentityInterceptor.currentIfAny().map(id -> id.name()).orElse("");
                return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void sendMessage(RespT message) {
                        if (message instanceof HubMessage hub && hub.hasConfig()) {
                            ClusterConfig config = configOf(hub);
                            sent.add(new SentConfig(stream, cluster, config.getCluster(), config.getVersion()));
                        }
                        super.sendMessage(message);
                    }
                }, headers);
            }
        };
    }

    private static ClusterConfig configOf(HubMessage message) {
        try {
            return ClusterConfig.parseFrom(message.getConfig().getPayload());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the hub sent an unreadable config", e);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** A public key nobody signs with, for an agent pinned to the wrong hub key. */
    static Ed25519PublicKey unrelatedKey() {
        return Ed25519KeyPair.generate().publicKey();
    }
}

package io.egressfed.hub;

import io.egressfed.api.envelope.KeyId;
import io.egressfed.api.ops.OpsHttpServer;
import io.egressfed.api.pki.CaPin;
import io.egressfed.hub.api.AdminHttpServer;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.auth.IssuedAdminToken;
import io.egressfed.hub.cluster.HubCluster;
import io.egressfed.hub.lead.Election;
import io.egressfed.hub.compile.SigningKeys;
import io.egressfed.hub.coordinator.Coordinator;
import io.egressfed.hub.link.EnrollmentTokenService;
import io.egressfed.hub.link.LiveStatusRegistry;
import io.egressfed.hub.pki.CertificateAuthority;
import io.egressfed.hub.state.ResourceService;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Store;
import io.grpc.Server;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Deque;
import java.util.Optional;
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

    private HubServer(HubAssembly parts) {
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
        HubAssembly parts = new HubAssembly(settings);
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
}

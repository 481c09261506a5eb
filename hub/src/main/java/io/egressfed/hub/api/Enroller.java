package io.egressfed.hub.api;

import com.google.protobuf.util.Durations;
import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EnrollmentTokenRequest;
import io.egressfed.api.v1alpha1.EnrollmentTokenResponse;
import io.egressfed.api.v1alpha1.GatewaySpec;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.MemberClusterSpec;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.auth.Caller;
import io.egressfed.hub.link.EnrollmentTokenService;
import io.egressfed.hub.net.K8sNames;
import io.egressfed.hub.pki.IssuedToken;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.ResourceService;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code egressctl cluster enroll NAME}: makes sure the member cluster exists (creating it, or adding
 * the requested labels), then issues a single-use bootstrap token and tells the operator exactly how to
 * start the agent.
 */
final class Enroller {

    /** Gateway nodes of a cluster created by enrollment; apply a MemberCluster manifest to change it. */
    static final String DEFAULT_GATEWAY_LABEL = "egress-gateway";

    private final ResourceService resources;
    private final EnrollmentTokenService tokens;
    private final AuditLog audit;
    private final Store store;
    private final EnrollmentSettings settings;

    Enroller(ResourceService resources, EnrollmentTokenService tokens, AuditLog audit, Store store,
             EnrollmentSettings settings) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    CompletableFuture<EnrollmentTokenResponse> enroll(Caller caller, EnrollmentTokenRequest request) {
        String cluster = request.getCluster();
        Optional<String> nameProblem = K8sNames.dnsLabelProblem(cluster);
        if (nameProblem.isPresent()) {
            throw ApiException.invalid("cluster", nameProblem.get());
        }
        Duration ttl = ttl(request);
        return resources.get(ResourceKind.CLUSTER, cluster)
                .thenCompose(existing -> existing.isPresent()
                        ? addLabels(caller, existing.get(), request)
                        : create(caller, request))
                .thenCompose(ignored -> tokens.create(cluster, ttl))
                .thenCompose(issued -> recordEnrollment(caller, cluster, issued).thenApply(revision -> response(cluster, issued)));
    }

    private Duration ttl(EnrollmentTokenRequest request) {
        if (!request.hasTtl()) {
            return settings.defaultTtl();
        }
        Duration ttl = Duration.ofSeconds(request.getTtl().getSeconds(), request.getTtl().getNanos());
        if (ttl.isNegative() || ttl.isZero()) {
            throw ApiException.invalid("ttl", "must be positive, got " + Durations.toString(request.getTtl()));
        }
        if (ttl.compareTo(settings.maxTtl()) > 0) {
            throw ApiException.invalid("ttl", "at most " + settings.maxTtl().toHours()
                    + "h: bootstrap tokens are short-lived, got " + Durations.toString(request.getTtl()));
        }
        return ttl;
    }

    private CompletableFuture<MemberCluster> create(Caller caller, EnrollmentTokenRequest request) {
        Backend backend = request.getBackend();
        if (backend == Backend.BACKEND_UNSPECIFIED || backend == Backend.UNRECOGNIZED) {
            throw ApiException.invalid("backend", "required: member cluster \"" + request.getCluster()
                    + "\" does not exist yet, so its backend must be given (cilium, kube-vip or cilium-vip)");
        }
        MemberCluster cluster = MemberCluster.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName(request.getCluster()).putAllLabels(request.getLabelsMap()))
                .setSpec(MemberClusterSpec.newBuilder()
                        .setBackend(backend)
                        .setGateway(GatewaySpec.newBuilder().setNodeSelector(
                                LabelSelector.newBuilder().putMatchLabels(DEFAULT_GATEWAY_LABEL, "true"))))
                .build();
        return resources.create(ResourceKind.CLUSTER, cluster, caller.actor());
    }

    private CompletableFuture<MemberCluster> addLabels(Caller caller, MemberCluster existing,
                                                       EnrollmentTokenRequest request) {
        Backend backend = request.getBackend();
        if (backend != Backend.BACKEND_UNSPECIFIED && backend != existing.getSpec().getBackend()) {
            throw ApiException.invalid("backend", "member cluster \"" + request.getCluster()
                    + "\" exists with another backend; change it by applying its manifest");
        }
        Map<String, String> labels = new HashMap<>(existing.getMetadata().getLabelsMap());
        labels.putAll(request.getLabelsMap());
        if (labels.equals(existing.getMetadata().getLabelsMap())) {
            return CompletableFuture.completedFuture(existing);
        }
        MemberCluster.Builder labelled = existing.toBuilder();
        labelled.getMetadataBuilder().clearLabels().putAllLabels(labels);
        return resources.update(ResourceKind.CLUSTER, labelled.build(), caller.actor());
    }

    /** The token's id (never the token) goes into the audit log, so that its use can be traced. */
    private CompletableFuture<Long> recordEnrollment(Caller caller, String cluster, IssuedToken issued) {
        AuditRecord record = AuditRecord.newBuilder()
                .setAction(AuditAction.AUDIT_ACTION_ENROLL)
                .setKind(ResourceKind.CLUSTER.kindName())
                .setName(cluster)
                .setCluster(cluster)
                .setActor(caller.actor())
                .setMessage("issued enrollment token " + issued.stored().getId() + " for cluster " + cluster)
                .build();
        return store.commit(Txn.builder().then(audit.append(record)).build()).thenApply(result -> result.revision());
    }

    private EnrollmentTokenResponse response(String cluster, IssuedToken issued) {
        String token = issued.token().value();
        return EnrollmentTokenResponse.newBuilder()
                .setToken(token)
                .setExpiresAt(issued.stored().getExpiresAt())
                .setCaSha256(settings.caSha256())
                .setSigningKeySha256(settings.signingKeyIds().get(0))
                .setInstallCommand(settings.installCommand(cluster, token))
                .build();
    }
}

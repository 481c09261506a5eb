package io.egressfed.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.egressfed.api.v1alpha1.AdminTokenInfo;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.CreateAdminTokenRequest;
import io.egressfed.api.v1alpha1.CreateAdminTokenResponse;
import io.egressfed.api.v1alpha1.DeleteRequest;
import io.egressfed.api.v1alpha1.EgressAdminGrpc;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.ErrorBody;
import io.egressfed.api.v1alpha1.FailoverRequest;
import io.egressfed.api.v1alpha1.FieldViolation;
import io.egressfed.api.v1alpha1.GetRequest;
import io.egressfed.api.v1alpha1.GetStatusRequest;
import io.egressfed.api.v1alpha1.ListRequest;
import io.egressfed.api.v1alpha1.WhoisRequest;
import io.egressfed.hub.state.Resources;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC face of the admin API: the same core, the same refusals as REST. */
class EgressAdminServiceTest {

    private static final Metadata.Key<ErrorBody> ERROR_BODY = AdminAuthInterceptor.ERROR_BODY;

    private AdminFixture fixture;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        fixture = new AdminFixture();
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(EgressAdminService.definition(fixture.operations, fixture.tokens, fixture.metrics,
                        Duration.ofSeconds(5)))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        fixture.close();
    }

    @Test
    void callsWithoutATokenAreRefusedBeforeTheServiceRuns() {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> EgressAdminGrpc.newBlockingStub(channel).listPools(ListRequest.getDefaultInstance()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refused.getTrailers().get(ERROR_BODY).getCode()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void anAdminManagesPoolsAndTheAuditNamesItsToken() {
        EgressAdminGrpc.EgressAdminBlockingStub admin = as(fixture.admin.secret());

        EgressIPPool created = admin.createPool(Resources.pool("eu-public", "198.51.100.0/28"));
        assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();
        assertThat(created.getStatus().getSize()).isEqualTo("16");
        assertThat(admin.getPool(GetRequest.newBuilder().setName("eu-public").build()).getSpec().getCidrsList())
                .containsExactly("198.51.100.0/28");
        assertThat(admin.listPools(ListRequest.newBuilder().setLabelSelector("region=us").build()).getItemsList())
                .isEmpty();
        assertThat(admin.deletePool(DeleteRequest.newBuilder().setName("eu-public").build()).getName())
                .isEqualTo("eu-public");
        assertThat(fixture.hub.auditRecords()).extracting(record -> record.getActor()).containsOnly("token:admin");
        assertThat(admin.getStatus(GetStatusRequest.getDefaultInstance()).getVersion()).isEqualTo("test");
    }

    @Test
    void adminTokensAreManagedOverGrpcAndANewTokenAuthenticates() {
        EgressAdminGrpc.EgressAdminBlockingStub admin = as(fixture.admin.secret());

        CreateAdminTokenResponse created = admin.createAdminToken(CreateAdminTokenRequest.newBuilder()
                .setName("pipeline").setRole("operator").build());
        assertThat(as(created.getToken()).listIntents(ListRequest.getDefaultInstance()).getItemsList()).isEmpty();
        assertThat(admin.listAdminTokens(ListRequest.getDefaultInstance()).getItemsList())
                .extracting(AdminTokenInfo::getName).contains("pipeline");

        admin.revokeAdminToken(DeleteRequest.newBuilder().setName("pipeline").build());
        StatusRuntimeException revoked = catchThrowableOfType(StatusRuntimeException.class,
                () -> as(created.getToken()).listIntents(ListRequest.getDefaultInstance()));
        StatusRuntimeException byViewer = catchThrowableOfType(StatusRuntimeException.class,
                () -> as(fixture.viewer.secret()).listAdminTokens(ListRequest.getDefaultInstance()));

        assertThat(revoked.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(byViewer.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void refusalsCarryTheSameErrorBodyAsRest() {
        EgressAdminGrpc.EgressAdminBlockingStub admin = as(fixture.admin.secret());
        EgressIPPool created = admin.createPool(Resources.pool("eu-public", "198.51.100.0/28"));
        EgressIPPool stale = created.toBuilder()
                .setMetadata(created.getMetadata().toBuilder().setResourceVersion("1")).build();

        StatusRuntimeException conflict = catchThrowableOfType(StatusRuntimeException.class,
                () -> admin.updatePool(stale));
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> admin.createPool(Resources.pool("bad", "198.51.100.0/33")));
        StatusRuntimeException badIp = catchThrowableOfType(StatusRuntimeException.class,
                () -> admin.whois(WhoisRequest.newBuilder().setIp("not-an-ip").build()));

        assertThat(conflict.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(invalid.getTrailers().get(ERROR_BODY).getDetailsList()).extracting(FieldViolation::getField)
                .containsExactly("spec.cidrs[0]");
        assertThat(badIp.getTrailers().get(ERROR_BODY).getDetailsList()).extracting(FieldViolation::getField)
                .containsExactly("ip");
    }

    @Test
    void rolesApplyToGrpcCallsToo() {
        StatusRuntimeException viewerWrite = catchThrowableOfType(StatusRuntimeException.class,
                () -> as(fixture.viewer.secret()).createCluster(Resources.cluster("eu-west-1",
                        Backend.BACKEND_KUBE_VIP)));
        StatusRuntimeException failover = catchThrowableOfType(StatusRuntimeException.class,
                () -> as(fixture.operator.secret()).failover(FailoverRequest.newBuilder().setIntent("payments")
                        .setToCluster("eu-west-1").build()));

        assertThat(viewerWrite.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(viewerWrite.getStatus().getDescription()).contains("role viewer");
        assertThat(failover.getStatus().getCode()).as("an operator may fail over; the intent does not exist")
                .isEqualTo(Status.Code.NOT_FOUND);
        StatusRuntimeException viewerFailover = catchThrowableOfType(StatusRuntimeException.class,
                () -> as(fixture.viewer.secret()).failover(FailoverRequest.newBuilder().setIntent("payments")
                        .setToCluster("eu-west-1").build()));
        assertThat(viewerFailover.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    private EgressAdminGrpc.EgressAdminBlockingStub as(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return EgressAdminGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}

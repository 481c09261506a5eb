package io.egressfed.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.egressfed.api.v1alpha1.EgressAdminGrpc;
import io.egressfed.api.v1alpha1.GetStatusRequest;
import io.egressfed.api.v1alpha1.ListRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aDevelopmentHubServesProbesAndMetricsAndKeepsItsCaAndSigningKeyAcrossRestarts(@TempDir Path data) throws Exception {
        String caPin;
        String signingKey;
        try (HubServer hub = HubServer.start(HubSettings.development(data))) {
            caPin = hub.caPin().sha256Hex();
            signingKey = hub.signingKeyId().hex();
            assertThat(get(hub, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(hub, "/readyz").statusCode()).isEqualTo(200);
            assertThat(hub.initialAdminToken()).isPresent();
            await().untilAsserted(() -> assertThat(get(hub, "/metrics").body())
                    .contains("# TYPE egressfed_connected_agents gauge")
                    .contains("egressfed_coordinator_passes_total")
                    .contains("# TYPE egressfed_config_push_to_ack_seconds histogram"));
        }
        try (HubServer again = HubServer.start(HubSettings.development(data))) {
            // Enrolled agents pin the CA and the signing key: a restarted development hub keeps both.
            assertThat(again.caPin().sha256Hex()).isEqualTo(caPin);
            assertThat(again.signingKeyId().hex()).isEqualTo(signingKey);
        }
    }

    @Test
    void theGrpcAdminApiIsServedOnTheSpokeLinkPortWithBearerTokensAndNoClientCertificate(@TempDir Path data)
            throws Exception {
        HubSettings settings = HubSettings.development(data);
        try (HubServer hub = HubServer.start(settings)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", hub.grpcPort())
                    .sslContext(GrpcSslContexts.forClient().trustManager(settings.caDir().resolve("ca.crt").toFile())
                            .build())
                    .build();
            try {
                Metadata headers = new Metadata();
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                        "Bearer " + hub.initialAdminToken().orElseThrow().secret());
                EgressAdminGrpc.EgressAdminBlockingStub admin = EgressAdminGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));

                assertThat(admin.getStatus(GetStatusRequest.getDefaultInstance()).getReplicasList()).isNotEmpty();
                assertThat(admin.listPools(ListRequest.getDefaultInstance()).getItemsList()).isEmpty();
                StatusRuntimeException anonymous = catchThrowableOfType(StatusRuntimeException.class,
                        () -> EgressAdminGrpc.newBlockingStub(channel).listPools(ListRequest.getDefaultInstance()));
                assertThat(anonymous.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private HttpResponse<String> get(HubServer hub, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

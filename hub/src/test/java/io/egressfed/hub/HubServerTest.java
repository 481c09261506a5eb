package io.egressfed.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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

    private HttpResponse<String> get(HubServer hub, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

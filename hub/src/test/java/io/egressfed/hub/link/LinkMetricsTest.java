package io.egressfed.hub.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.Hello;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LinkMetricsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final InMemoryLiveStatusRegistry live = new InMemoryLiveStatusRegistry();

    LinkMetricsTest() {
        live.addListener(new LinkMetrics(registry, now::get));
    }

    @Test
    void connectedAgentsVersionsNacksAndPushToAckLatencyFollowTheLiveStatus() throws IOException {
        live.agentConnected("eu-west-1", 1, Hello.newBuilder().setCluster("eu-west-1").build(), now.get());
        live.agentConnected("eu-central-1", 2, Hello.newBuilder().setCluster("eu-central-1").build(), now.get());
        live.configDesired("eu-west-1", 7);
        now.set(now.get().plusMillis(250));
        live.configAcked("eu-west-1", 7, now.get());
        live.configNacked("eu-central-1", 3, "UNKNOWN_KEY: not pinned", Map.of(), now.get());
        live.agentDisconnected("eu-central-1", 2, now.get());

        String text = scrape();

        assertThat(text).contains("egressfed_connected_agents 1.0")
                .contains("egressfed_config_desired_version{cluster=\"eu-west-1\"} 7.0")
                .contains("egressfed_config_applied_version{cluster=\"eu-west-1\"} 7.0")
                .contains("egressfed_config_nacks_total{cluster=\"eu-central-1\"} 1.0")
                .contains("egressfed_config_push_to_ack_seconds_count 1")
                .contains("egressfed_config_push_to_ack_seconds_bucket{le=\"0.25\"} 1")
                .contains("egressfed_config_push_to_ack_seconds_bucket{le=\"0.1\"} 0");
    }

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape(),
                io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
        return out.toString(StandardCharsets.UTF_8);
    }
}

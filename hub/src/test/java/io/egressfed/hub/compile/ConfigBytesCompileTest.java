package io.egressfed.hub.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import org.junit.jupiter.api.Test;

class ConfigBytesCompileTest {

    private static ClusterConfig withLabels(String... keyValues) {
        LabelSelector.Builder selector = LabelSelector.newBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            selector.putMatchLabels(keyValues[i], keyValues[i + 1]);
        }
        return ClusterConfig.newBuilder()
                .setCluster("eu-west-1")
                .addAssignments(ConfigAssignment.newBuilder()
                        .setIntent("payments")
                        .setWorkloads(WorkloadSelector.newBuilder().setPodSelector(selector)))
                .build();
    }

    @Test
    void labelInsertionOrderDoesNotChangeTheBytes() {
        ClusterConfig forward = withLabels("a", "1", "b", "2", "c", "3", "d", "4");
        ClusterConfig backward = withLabels("d", "4", "c", "3", "b", "2", "a", "1");

        assertThat(forward).isEqualTo(backward);
        assertThat(ConfigBytes.canonicalBytes(forward)).isEqualTo(ConfigBytes.canonicalBytes(backward));
        assertThat(ConfigBytes.payloadBytes(forward)).isEqualTo(ConfigBytes.payloadBytes(backward));
    }

    @Test
    void canonicalBytesIgnoreWhatThePublisherStamps() throws Exception {
        ClusterConfig content = withLabels("app", "settlement");
        ClusterConfig stamped = content.toBuilder()
                .setVersion(42)
                .setIssuedAt(Timestamp.newBuilder().setSeconds(1_700_000_000))
                .setExpiresAt(Timestamp.newBuilder().setSeconds(1_700_086_400))
                .build();

        assertThat(ConfigBytes.canonicalBytes(stamped)).isEqualTo(ConfigBytes.canonicalBytes(content));
        assertThat(ConfigBytes.payloadBytes(stamped)).isNotEqualTo(ConfigBytes.payloadBytes(content));
        assertThat(ClusterConfig.parseFrom(ConfigBytes.payloadBytes(stamped))).isEqualTo(stamped);
    }

    @Test
    void differentContentGivesDifferentCanonicalBytes() {
        assertThat(ConfigBytes.canonicalBytes(withLabels("app", "a")))
                .isNotEqualTo(ConfigBytes.canonicalBytes(withLabels("app", "b")));
    }
}

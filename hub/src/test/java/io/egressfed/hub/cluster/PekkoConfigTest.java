package io.egressfed.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PekkoConfigTest {

    private static ClusterSettings settings(List<String> seeds, ClusterSettings.Discovery discovery) {
        return new ClusterSettings("hub-0", "10.0.0.5", 7355, seeds, discovery,
                new ClusterSettings.KubernetesDiscovery("app=egressfed-hub", 8558, 3), Duration.ofSeconds(7));
    }

    @Test
    void seedNodesBecomeClusterAddressesAndTheSplitBrainResolverIsOn() {
        Config config = PekkoConfig.build(settings(List.of("10.0.0.6:7355", "[fd00::7]:7355"),
                ClusterSettings.Discovery.NONE));

        assertThat(config.getString("pekko.actor.provider")).isEqualTo("cluster");
        assertThat(config.getString("pekko.remote.artery.transport")).isEqualTo("tcp");
        assertThat(config.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("10.0.0.5");
        assertThat(config.getInt("pekko.remote.artery.canonical.port")).isEqualTo(7355);
        assertThat(config.getStringList("pekko.cluster.seed-nodes")).containsExactly(
                "pekko://egressfed-hub@10.0.0.6:7355", "pekko://egressfed-hub@[fd00::7]:7355");
        assertThat(config.getString("pekko.cluster.downing-provider-class"))
                .isEqualTo("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
        assertThat(config.getString("pekko.cluster.split-brain-resolver.active-strategy")).isEqualTo("keep-majority");
        assertThat(config.getDuration("pekko.cluster.split-brain-resolver.stable-after")).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.getBoolean("pekko.cluster.jmx.multi-mbeans-in-same-jvm")).isTrue();
        assertThat(config.getStringList("pekko.loggers")).containsExactly("org.apache.pekko.event.slf4j.Slf4jLogger");
        assertThat(config.getStringList("pekko.cluster.roles")).containsExactly("egressfed-replica=hub-0");
        assertThat(config.getString("pekko.actor.serialization-bindings.\"io.egressfed.api.v1alpha1.ReplicatedLiveStatus\""))
                .isEqualTo("egressfed-live-status");
        assertThat(config.hasPath("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method")).isFalse();
    }

    @Test
    void kubernetesDiscoveryConfiguresBootstrapAndTheKubernetesApi() {
        Config config = PekkoConfig.build(settings(List.of(), ClusterSettings.Discovery.KUBERNETES));

        assertThat(config.getStringList("pekko.cluster.seed-nodes")).isEmpty();
        assertThat(config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"))
                .isEqualTo("kubernetes-api");
        assertThat(config.getInt("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"))
                .isEqualTo(3);
        assertThat(config.getString("pekko.discovery.kubernetes-api.pod-label-selector")).isEqualTo("app=egressfed-hub");
        assertThat(config.getInt("pekko.management.http.port")).isEqualTo(8558);
        assertThat(config.getString("pekko.management.http.hostname")).isEqualTo("10.0.0.5");
    }

    @Test
    void badSettingsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> settings(List.of("no-port"), ClusterSettings.Discovery.NONE))
                .hasMessageStartingWith("seedNodes[0]: expected host:port");
        assertThatThrownBy(() -> settings(List.of("10.0.0.6:7355"), ClusterSettings.Discovery.KUBERNETES))
                .hasMessageStartingWith("seedNodes: must be empty with kubernetes discovery");
        assertThatThrownBy(() -> new ClusterSettings("hub-0", "127.0.0.1", 0, List.of("127.0.0.1:7355"),
                ClusterSettings.Discovery.NONE, ClusterSettings.KubernetesDiscovery.defaults(), Duration.ofSeconds(5)))
                .hasMessageStartingWith("port: a replica that joins seed nodes needs a fixed port");
        assertThatThrownBy(() -> new ClusterSettings.KubernetesDiscovery("app=x", 70000, 1))
                .hasMessageStartingWith("managementPort: must be between 1 and 65535");
    }
}

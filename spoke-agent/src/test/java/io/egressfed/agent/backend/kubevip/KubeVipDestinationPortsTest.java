package io.egressfed.agent.backend.kubevip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The config's ports in kube-vip's {@code protocol:port} list. */
class KubeVipDestinationPortsTest {

    @Test
    void writesEachPortForTcpAndUdp() {
        assertThat(DestinationPorts.annotationValue(List.of("443", "53"))).isEqualTo("tcp:443,udp:443,tcp:53,udp:53");
        assertThat(DestinationPorts.annotationValue(List.of())).isEmpty();
    }

    @Test
    void acceptsASinglePortRange() {
        assertThat(DestinationPorts.annotationValue(List.of("8443-8443"))).isEqualTo("tcp:8443,udp:8443");
    }

    @Test
    void refusesARangeKubeVipWouldNarrowToItsFirstPort() {
        assertThatThrownBy(() -> DestinationPorts.annotationValue(List.of("443", "8000-8080")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kube-vip's kube-vip.io/egress-destination-ports takes single ports (protocol:port),"
                        + " the port range 8000-8080 cannot be expressed");
    }
}

package io.egressfed.testsupport.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackPortsTest {

    @Test
    void handsOutDistinctBindablePortsBelowTheEphemeralRange() throws IOException {
        LoopbackPorts ports = new LoopbackPorts();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = ports.next();
            assertThat(port).isBetween(1_024, ports.ephemeralStart() - 1);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(server.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void neverHandsOutAPortSomebodyListensOnNorOneTwice() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(LoopbackPorts.bindable(port)).isFalse();
            // Candidates: the taken port and its neighbour.
            LoopbackPorts two = new LoopbackPorts(port, port + 2, new Random(7));
            assumeTrue(LoopbackPorts.bindable(port + 1),
                    "port " + (port + 1) + " is in use by another process");
            assertThat(two.next()).isEqualTo(port + 1);
            assertThatThrownBy(two::next).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("no free loopback port in [" + port + ", " + (port + 2) + ")");
        }
    }

    @Test
    void readsTheKernelRangeAndFallsBackWhenItCannot(@TempDir Path dir) throws IOException {
        Path range = dir.resolve("ip_local_port_range");
        Files.writeString(range, "40000\t60999\n");
        assertThat(LoopbackPorts.ephemeralRangeStart(range)).isEqualTo(40_000);
        Files.writeString(range, "garbage");
        assertThat(LoopbackPorts.ephemeralRangeStart(range)).isEqualTo(32_768);
        assertThat(LoopbackPorts.ephemeralRangeStart(dir.resolve("missing"))).isEqualTo(32_768);
    }
}

package io.egressfed.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage errors name the flag and change nothing; nothing is started for them. */
class LabMainTest {

    private static final String PIN = "ab".repeat(32);
    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void withoutASubcommandPrintsUsageNamingBoth() {
        StringWriter usage = new StringWriter();
        CommandLine cli = cli();
        cli.setOut(new PrintWriter(usage));

        assertThat(cli.execute()).isZero();
        assertThat(usage.toString()).contains("demo", "cluster", "simulated");
    }

    @Test
    void demoRefusesAnUnknownStoreAndImpossibleNodeCounts() {
        assertThat(cli().execute("demo", "--store", "disk")).isEqualTo(2);
        assertThat(err.toString()).contains("--store: expected auto, etcd or memory, got 'disk'");

        assertThat(cli().execute("demo", "--nodes", "1", "--gateways", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--nodes/--gateways");

        assertThat(cli().execute("demo", "--timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--timeout:");
    }

    @Test
    void clusterNeedsItsConnectionFlags() {
        assertThat(cli().execute("cluster", "--name", "eu-west-1")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required options", "--hub", "--backend");
    }

    @Test
    void clusterRefusesAnUnknownBackendListingTheKnownOnes() {
        assertThat(cli().execute(cluster("--backend", "calico"))).isEqualTo(2);
        assertThat(err.toString()).contains("--backend: expected one of [cilium, kube-vip, cilium-vip], got 'calico'");
    }

    @Test
    void clusterRefusesMalformedPinsAndAddressesNamingTheFlag() {
        assertThat(cli().execute(cluster("--hub-signing-key-sha256", "xyz"))).isEqualTo(2);
        assertThat(err.toString()).contains("--hub-signing-key-sha256: expected 64 hex digits, got 'xyz'");

        assertThat(cli().execute(cluster("--hub-ca-sha256", "12"))).isEqualTo(2);
        assertThat(err.toString()).contains("--hub-ca-sha256:");

        assertThat(cli().execute(cluster("--hub", "hub.example"))).isEqualTo(2);
        assertThat(err.toString()).contains("--hub: expected HOST:PORT, got 'hub.example'");
    }

    @Test
    void clusterRefusesAMalformedTokenWithoutEchoingIt() {
        assertThat(cli().execute(cluster("--bootstrap-token", "nodot-secret-value"))).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-token:").doesNotContain("nodot-secret-value");
    }

    private CommandLine cli() {
        CommandLine cli = LabMain.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8), new CountDownLatch(1));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    /** A valid cluster command line with {@code override} replacing one flag's value. */
    private static String[] cluster(String flag, String value) {
        List<String> args = new ArrayList<>(List.of("cluster", "--name", "eu-west-1", "--hub", "127.0.0.1:7443",
                "--bootstrap-token", "abcdef.0123456789abcdef", "--hub-ca-sha256", PIN,
                "--hub-signing-key-sha256", PIN, "--backend", "cilium"));
        args.set(args.indexOf(flag) + 1, value);
        return args.toArray(String[]::new);
    }
}

package io.egressfed.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HubMainTest {

    private final StringWriter err = new StringWriter();

    @Test
    void withoutDevModeTheStoreAndKeysMustBeNamed() {
        int exit = run();

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("without --dev, --etcd, --signing-key, --ca-dir are required");
    }

    @Test
    void aLeaseBelowTheMinimumIsAUsageErrorNamingTheFlag() {
        int exit = run("--dev", "--lease-duration", "1s");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("leaseDuration: must be at least 2s");
    }

    @Test
    void aNegativeLeaseMarginIsAUsageErrorNamingTheSetting() {
        int exit = run("--dev", "--lease-margin", "-1s");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("leaseMargin: must not be negative, got PT-1S");
    }

    @Test
    void aMalformedManifestFailsBeforeAnythingStarts() {
        int exit = run("--dev", "--apply", "../examples/README.md");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--apply ../examples/README.md");
    }

    @Test
    void helpDocumentsEveryFlag() {
        CommandLine command = new CommandLine(new HubMain(System.out, new CountDownLatch(0)));
        String usage = command.getUsageMessage();

        for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
            assertThat(option.description()).as(option.longestName()).isNotEmpty();
            assertThat(usage).contains(option.longestName());
        }
    }

    @Test
    void anUnreadableEtcdCaFileIsAUsageErrorNamingTheFlag() {
        int exit = run("--etcd", "https://127.0.0.1:2379", "--etcd-ca-file", "/nonexistent/ca.crt",
                "--signing-key", "k.pem", "--ca-dir", "ca");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--etcd-ca-file /nonexistent/ca.crt: cannot read: no such file");
    }

    @Test
    void aClientCertificateWithoutItsKeyIsAUsageError() {
        int exit = run("--dev", "--etcd-ca-file", "ca.crt", "--etcd-cert-file", "tls.crt");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--etcd-key-file: is required with --etcd-cert-file");
    }

    @Test
    void anHttpsEtcdWithoutItsCaIsAUsageError() {
        int exit = run("--dev", "--etcd", "https://127.0.0.1:2379");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("https, so the CA that signed etcd's certificate is required "
                + "(--etcd-ca-file)");
    }

    @Test
    void aMalformedInitialAdminTokenFileIsAUsageErrorNamingTheFlag(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "not-a-token");

        int exit = run("--dev", "--initial-admin-token-file", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--initial-admin-token-file " + file + ": not an admin token")
                .doesNotContain("not-a-token");
    }

    private int run(String... args) {
        CommandLine command = new CommandLine(new HubMain(System.out, new CountDownLatch(0)));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }
}

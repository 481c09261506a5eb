package io.egressfed.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
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

    private int run(String... args) {
        CommandLine command = new CommandLine(new HubMain(System.out, new CountDownLatch(0)));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }
}

package io.egressfed.e2e.lab.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.e2e.lab.LabMain;
import io.egressfed.testsupport.EtcdExtension;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@code egressfed-lab chaos --runs 5 --seed 1} (every fault, the default set), through the lab's command line: real
 * etcd, hub and cluster processes. Skipped without an etcd binary, except with {@code CI=true}.
 */
class ChaosCommandTest {

    /** Kept after the run (under target/) so that a failed run's logs, journals and events can be read. */
    private final Path work = Path.of("target", "chaos-test").toAbsolutePath();

    @Test
    void fiveRunsWithEveryFaultKeepEveryInvariant() {
        EtcdExtension.requireEtcdBinary();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TeeOutputStream(bytes, System.out), true, StandardCharsets.UTF_8);

        int exit = LabMain.commandLine(out, new CountDownLatch(0)).execute("chaos", "--runs", "5", "--seed", "1",
                "--work-dir", work.toString());

        String printed = bytes.toString(StandardCharsets.UTF_8);
        for (int run = 1; run <= 5; run++) {
            assertThat(printed).containsPattern("run " + run + " seed " + run + ": faults \\S+.*; failovers \\d+, "
                    + "max failover .*PASS");
        }
        assertThat(printed).contains("5 passed, 0 failed");
        assertThat(exit).isZero();
    }

    /** Keeps the run lines in the test log as well as in the asserted buffer. */
    private static final class TeeOutputStream extends OutputStream {
        private final ByteArrayOutputStream first;
        private final PrintStream second;

        TeeOutputStream(ByteArrayOutputStream first, PrintStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}

package io.egressfed.e2e.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.e2e.link.LinkLab.RecordingApplier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slow agent ends up with the newest config instead of working through every intermediate one. */
class LinkSlowAgentTest {

    private static final String EU = "eu-west-1";
    private static final int CHANGES = 50;

    @TempDir
    Path work;
    private LinkLab lab;
    private final CountDownLatch gate = new CountDownLatch(1);

    @BeforeEach
    void startHub() throws Exception {
        lab = new LinkLab(work);
    }

    @AfterEach
    void stop() throws Exception {
        gate.countDown();
        lab.close();
    }

    @Test
    void fiftyChangesDuringASlowApplyEndWithTheNewestAppliedAndFewInBetween() throws Exception {
        RecordingApplier applier = new RecordingApplier(gate, config -> ApplyOutcome.applied(config.getVersion()));
        lab.startAgent("eu", lab.agentSettings(EU), applier);
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.status(EU).connected());
        lab.writeConfig(EU, 1);
        assertThat(applier.entered.await(10, TimeUnit.SECONDS)).as("the agent started applying version 1").isTrue();

        for (long version = 2; version <= CHANGES; version++) {
            lab.writeConfig(EU, version);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.sentTo(EU).contains((long) CHANGES));
        System.out.println("the hub pushed " + lab.sentTo(EU).size() + " of " + CHANGES + " versions: "
                + lab.sentTo(EU));
        gate.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> lab.status(EU).appliedVersion() == CHANGES);
        System.out.println("the slow agent applied " + applier.applied + "; version " + CHANGES + " in effect "
                + lab.sinceWritten(CHANGES).toMillis() + " ms after it was written");
        assertThat(applier.applied).hasSizeLessThanOrEqualTo(5).startsWith(1L).endsWith((long) CHANGES);
    }
}

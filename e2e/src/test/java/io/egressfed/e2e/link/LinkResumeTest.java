package io.egressfed.e2e.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.link.HubLink;
import io.egressfed.agent.link.HubLinkSettings;
import io.egressfed.agent.link.LinkState;
import io.egressfed.e2e.link.LinkLab.RecordingApplier;
import io.egressfed.e2e.link.LinkLab.SentConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a reconnection the agent resumes from its last applied version and gets only newer configs. */
class LinkResumeTest {

    private static final String EU = "eu-west-1";

    @TempDir
    Path work;
    private LinkLab lab;

    @BeforeEach
    void startHub() throws Exception {
        lab = new LinkLab(work);
    }

    @AfterEach
    void stop() throws Exception {
        lab.close();
    }

    @Test
    void afterTheHubRestartsTheAgentReconnectsAndReceivesOnlyNewerConfigs() throws Exception {
        RecordingApplier applier = new RecordingApplier();
        HubLink agent = lab.startAgent("eu", lab.agentSettings(EU), applier);
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.status(EU).connected());
        lab.writeConfig(EU, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.status(EU).appliedVersion() == 1);
        lab.writeConfig(EU, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.status(EU).appliedVersion() == 2);
        int streamsBefore = lastStream();

        lab.stopServer();
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.status().state() != LinkState.CONNECTED);
        Instant down = Instant.now();
        lab.restartServer();
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.status().connections() == 2);
        System.out.println("agent reconnected " + Duration.between(down, Instant.now()).toMillis()
                + " ms after the hub came back (backoff starts at 100 ms, capped at 10 s)");
        lab.writeConfig(EU, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> applier.applied.contains(3L));

        assertThat(applier.applied).containsExactly(1L, 2L, 3L);
        assertThat(lab.sent).filteredOn(sent -> sent.stream() > streamsBefore).extracting(SentConfig::version)
                .as("configs sent after the reconnection").containsExactly(3L);
    }

    @Test
    void aRestartedAgentResumesFromItsPersistedVersion() throws Exception {
        HubLink first = lab.startAgent("eu", lab.agentSettings(EU), new RecordingApplier());
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.status(EU).connected());
        lab.writeConfig(EU, 1);
        lab.writeConfig(EU, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.status(EU).appliedVersion() == 2);
        first.close();
        int streamsBefore = lastStream();

        RecordingApplier applier = new RecordingApplier();
        HubLink restarted = lab.startAgent("eu", HubLinkSettings.of(EU, lab.ca.pin(),
                List.of(lab.signingKey.publicKey())), applier);
        await().atMost(Duration.ofSeconds(20)).until(() -> restarted.status().state() == LinkState.CONNECTED);
        assertThat(restarted.status().appliedVersion()).isEqualTo(2);
        lab.writeConfig(EU, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> applier.applied.contains(3L));

        assertThat(applier.applied).containsExactly(3L);
        assertThat(lab.sent).filteredOn(sent -> sent.stream() > streamsBefore).extracting(SentConfig::version)
                .containsExactly(3L);
    }

    private int lastStream() {
        return lab.sent.stream().mapToInt(SentConfig::stream).max().orElse(0);
    }
}

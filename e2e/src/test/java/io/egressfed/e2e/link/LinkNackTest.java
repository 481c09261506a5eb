package io.egressfed.e2e.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.link.HubLinkSettings;
import io.egressfed.e2e.link.LinkLab.RecordingApplier;
import io.egressfed.hub.link.LiveStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent refuses, and why, shows up in the cluster's live status on the hub. */
class LinkNackTest {

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
    void aFailedApplyIsNackedWithTheAgentsReasonAndClearedByTheNextSuccess() throws Exception {
        String reason = "no ready gateway node for 1 of 2 assignments";
        Map<String, String> perAssignment = Map.of("payments-bank-api", "no node matches egress-gateway=true");
        RecordingApplier applier = new RecordingApplier(new CountDownLatch(0), config -> config.getVersion() == 1
                ? ApplyOutcome.failed(1, reason, perAssignment) : ApplyOutcome.applied(config.getVersion()));
        lab.startAgent("eu", lab.agentSettings(EU), applier);
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.status(EU).connected());

        lab.writeConfig(EU, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> !lab.status(EU).lastError().isEmpty());
        LiveStatus failed = lab.status(EU);
        assertThat(failed.lastError()).isEqualTo(reason);
        assertThat(failed.lastErrorVersion()).isEqualTo(1);
        assertThat(failed.assignmentErrors()).isEqualTo(perAssignment);
        assertThat(failed.appliedVersion()).isZero();
        assertThat(failed.desiredVersion()).isEqualTo(1);
        assertThat(failed.toMemberClusterStatus().getLastError()).isEqualTo(reason);

        lab.writeConfig(EU, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.status(EU).appliedVersion() == 2);
        assertThat(lab.status(EU).lastError()).isEmpty();
        assertThat(lab.status(EU).assignmentErrors()).isEmpty();
    }

    @Test
    void anAgentPinnedToAnotherSigningKeyNacksAndAppliesNothing() throws Exception {
        RecordingApplier applier = new RecordingApplier();
        HubLinkSettings pinnedElsewhere = HubLinkSettings.of(EU, lab.ca.pin(), List.of(LinkLab.unrelatedKey()))
                .withBootstrapToken(lab.token(EU));
        lab.startAgent("eu", pinnedElsewhere, applier);
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.status(EU).connected());

        lab.writeConfig(EU, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> !lab.status(EU).lastError().isEmpty());
        assertThat(lab.status(EU).lastError()).startsWith("UNKNOWN_KEY: keyId " + lab.signingKey.keyId()
                + " is not one of the 1 pinned hub keys");
        assertThat(lab.status(EU).lastErrorVersion()).as("attributed to the version the hub sent").isEqualTo(1);
        assertThat(lab.status(EU).appliedVersion()).isZero();
        assertThat(applier.entered.getCount()).as("the applier was never called").isEqualTo(1);
        assertThat(applier.applied).isEmpty();
    }
}

package io.egressfed.e2e.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.link.DirectoryCredentialStore;
import io.egressfed.agent.link.HubLink;
import io.egressfed.agent.link.LinkState;
import io.egressfed.api.pki.EnrolledCredentials;
import io.egressfed.api.pki.RenewalPolicy;
import io.egressfed.e2e.link.LinkLab.RecordingApplier;
import io.egressfed.hub.link.LinkSettings;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent renews its certificate over the link, stores it and carries on on a new channel. */
class LinkRenewalTest {

    private static final String EU = "eu-west-1";
    /**
     * The hub CA back-dates certificates by a minute for clock skew; with 64 s of validity ahead the
     * half-life of the whole period falls about 2 s after issuance.
     */
    private static final Duration SHORT_TTL = Duration.ofSeconds(64);

    @TempDir
    Path work;
    private LinkLab lab;

    @BeforeEach
    void startHub() throws Exception {
        lab = new LinkLab(work, LinkSettings.defaults().withClientCertificateTtl(SHORT_TTL));
    }

    @AfterEach
    void stop() throws Exception {
        lab.close();
    }

    @Test
    void theAgentRenewsAtHalfLifeAndKeepsReceivingConfigs() throws Exception {
        RecordingApplier applier = new RecordingApplier();
        HubLink agent = lab.startAgent("eu", lab.agentSettings(EU)
                .withRenewal(RenewalPolicy.HALF_LIFE, Duration.ofSeconds(30)), applier);
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.status().state() == LinkState.CONNECTED);
        DirectoryCredentialStore stored = new DirectoryCredentialStore(work.resolve("eu").resolve("credentials"));
        BigInteger enrolledSerial = serial(stored.load().orElseThrow());
        Instant enrolledAt = Instant.now();

        await().atMost(Duration.ofSeconds(20)).until(() -> agent.status().renewals() == 1);
        System.out.println("certificate renewed " + Duration.between(enrolledAt, Instant.now()).toMillis()
                + " ms after enrollment");
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.status().connections() == 2
                && agent.status().state() == LinkState.CONNECTED);
        lab.writeConfig(EU, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> applier.applied.contains(1L));

        BigInteger renewedSerial = serial(stored.load().orElseThrow());
        assertThat(renewedSerial).as("the stored certificate is the renewed one").isNotEqualTo(enrolledSerial);
        assertThat(agent.status().certificateNotAfter()).isPresent();
    }

    private static BigInteger serial(EnrolledCredentials credentials) {
        return credentials.client().certificate().getSerialNumber();
    }
}

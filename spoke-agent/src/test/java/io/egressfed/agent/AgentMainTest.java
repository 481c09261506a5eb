package io.egressfed.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AgentMainTest {

    private static final String CA = "52237acb6ec73c82f6f9a8f208e7a7d5abf0864c724cf458262e4df46aa40c69";
    private final StringWriter err = new StringWriter();

    @Test
    void aSigningKeyMustBePinned() {
        int exit = run("--hub", "localhost:7443", "--cluster", "eu-west-1", "--hub-ca-sha256", CA);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("at least one hub signing key must be pinned");
    }

    @Test
    void aMalformedCaFingerprintIsAUsageErrorNamingTheFlag() {
        int exit = run("--hub", "localhost:7443", "--cluster", "eu-west-1", "--hub-ca-sha256", "abc",
                "--hub-signing-key-sha256", CA);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--hub-ca-sha256");
    }

    @Test
    void aMalformedTokenIsAUsageErrorThatDoesNotEchoTheSecretPart() {
        int exit = run("--hub", "localhost:7443", "--cluster", "eu-west-1", "--hub-ca-sha256", CA,
                "--hub-signing-key-sha256", CA, "--bootstrap-token", "abcdef-0123456789abcdefXYZ");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-token").doesNotContain("0123456789abcdefXYZ");
    }

    @Test
    void aMalformedKeyIdIsAUsageError() {
        int exit = run("--hub", "localhost:7443", "--cluster", "eu-west-1", "--hub-ca-sha256", CA,
                "--hub-signing-key-sha256", "nothex");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--hub-signing-key-sha256: expected 64 hex digits");
    }

    @Test
    void leaderElectionNeedsTheKubernetesApi() {
        int exit = run("--hub", "localhost:7443", "--cluster", "eu-west-1", "--hub-ca-sha256", CA,
                "--hub-signing-key-sha256", CA, "--leader-elect");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--leader-elect needs --kubeconfig or --in-cluster");
    }

    @Test
    void electionTimingThatLetsTwoLeadersOverlapIsAUsageErrorNamingTheFlags() {
        int exit = run("--hub", "localhost:7443", "--cluster", "eu-west-1", "--hub-ca-sha256", CA,
                "--hub-signing-key-sha256", CA, "--in-cluster", "--leader-elect",
                "--leader-election-lease-duration", "10s", "--leader-election-renew-deadline", "12s");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--leader-election-renew-deadline (PT12S) must be shorter than "
                + "--leader-election-lease-duration (PT10S)");
    }

    @Test
    void aManagedNamespaceThatIsNoNamespaceNameIsAUsageErrorNamingTheFlag() {
        int exit = run("--hub", "localhost:7443", "--cluster", "eu-west-1", "--hub-ca-sha256", CA,
                "--hub-signing-key-sha256", CA, "--managed-namespace", "payments", "--managed-namespace", "Team_B");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--managed-namespace: 'Team_B' is not a namespace name");
    }

    @Test
    void credentialsInASecretNeedTheKubernetesApi() {
        int exit = run("--hub", "localhost:7443", "--cluster", "eu-west-1", "--hub-ca-sha256", CA,
                "--hub-signing-key-sha256", CA, "--credentials-secret", "egressfed-agent-credentials");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--credentials-secret needs --kubeconfig or --in-cluster");
    }

    private int run(String... args) {
        CommandLine command = new CommandLine(new AgentMain(System.out, new CountDownLatch(0)));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }
}

package io.egressfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where egressctl finds the hub and its token, and how it reports what goes wrong on the way. */
class EgressCtlConnectionTest {

    @TempDir
    Path home;
    private FakeHub hub;

    @BeforeEach
    void startHub() throws Exception {
        hub = new FakeHub();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheConfigFile() throws Exception {
        writeConfig("server: " + hub.url() + "\ntoken: from-config\n");

        assertThat(FakeHub.run(Map.of(), home, "get", "pools").exitCode()).isZero();
        assertThat(hub.last().authorization()).isEqualTo("Bearer from-config");
        assertThat(hub.last().pathAndQuery()).isEqualTo("/api/v1alpha1/pools");

        FakeHub.run(Map.of("EGRESSFED_TOKEN", "from-env"), home, "get", "pools");
        assertThat(hub.last().authorization()).isEqualTo("Bearer from-env");

        FakeHub.run(Map.of("EGRESSFED_TOKEN", "from-env"), home, "get", "pools", "--token", "from-flag");
        assertThat(hub.last().authorization()).isEqualTo("Bearer from-flag");

        FakeHub.run(Map.of("EGRESSFED_TOKEN", "from-env"), home, "--token", "before-the-command", "get", "pools",
                "-l", "region=eu");
        assertThat(hub.last().authorization()).isEqualTo("Bearer before-the-command");
        assertThat(hub.last().pathAndQuery()).isEqualTo("/api/v1alpha1/pools?labelSelector=region%3Deu");
    }

    @Test
    void theServerFlagBeatsTheConfiguredOne() throws Exception {
        writeConfig("server: http://127.0.0.1:1\n");

        FakeHub.Run run = FakeHub.run(Map.of(), home, "get", "intents", "--server", hub.url());

        assertThat(run.exitCode()).isZero();
        assertThat(hub.requests).hasSize(1);
        assertThat(hub.last().authorization()).isNull();
    }

    @Test
    void withoutAServerAnywhereItIsAUsageError() {
        FakeHub.Run run = FakeHub.run(Map.of(), home, "get", "pools");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no hub given", "--server", "EGRESSFED_SERVER", ".egressfed/config");
    }

    @Test
    void aConfigFileWithAnUnknownKeyIsAUsageError() throws Exception {
        writeConfig("server: " + hub.url() + "\ntokn: typo\n");

        FakeHub.Run run = FakeHub.run(Map.of(), home, "get", "pools");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown key \"tokn\"");
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void anExplicitConfigFileMustExist() {
        FakeHub.Run run = FakeHub.run(Map.of("EGRESSFED_CONFIG", home.resolve("nope").toString()), home, "get", "pools");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("does not exist");
    }

    @Test
    void anUnreachableHubIsReportedWithExitCode1() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        FakeHub.Run run = FakeHub.run(Map.of("EGRESSFED_SERVER", "http://127.0.0.1:" + closedPort), home, "get",
                "pools");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot connect to the hub at http://127.0.0.1:" + closedPort);
    }

    @Test
    void aRefusalThatIsNotAnErrorBodyIsShownAsIs() {
        hub.answer(502, "bad gateway");

        FakeHub.Run run = FakeHub.run(Map.of("EGRESSFED_SERVER", hub.url()), home, "get", "pools");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Error from server (HTTP, 502): bad gateway");
    }

    @Test
    void aMissingCaFileIsReportedBeforeAnyRequest() {
        FakeHub.Run run = FakeHub.run(Map.of("EGRESSFED_SERVER", "https://127.0.0.1:8443",
                "EGRESSFED_CA_FILE", home.resolve("missing.pem").toString()), home, "get", "pools");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot read the CA file", "missing.pem");
    }

    @Test
    void versionAndCompletionNeedNoHub() {
        FakeHub.Run version = FakeHub.run(Map.of(), home, "version", "--client");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).matches("Client Version: \\d+\\.\\d+\\.\\d+\\S*\\R");

        FakeHub.Run completion = FakeHub.run(Map.of(), home, "completion", "bash");
        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).contains("complete -F", "egressctl", "apply", "whois", "enroll");
    }

    private void writeConfig(String yaml) throws Exception {
        Files.createDirectories(home.resolve(".egressfed"));
        Files.writeString(home.resolve(".egressfed/config"), yaml);
    }
}

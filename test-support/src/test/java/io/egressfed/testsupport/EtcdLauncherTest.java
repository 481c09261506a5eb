package io.egressfed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealEtcd
class EtcdLauncherTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void startedServerReportsHealthyAndOwnsAPrivateDataDir(EtcdLauncher etcd) throws Exception {
        HttpResponse<String> health = get(etcd.endpoint() + "/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"health\":\"true\"");
        assertThat(etcd.isRunning()).isTrue();
        assertThat(Files.getPosixFilePermissions(etcd.dataDir()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void restartKeepsDataAndEndpoint(EtcdLauncher etcd) throws Exception {
        String endpointBefore = etcd.endpoint();
        put(etcd, "launcher-test/restart", "survives-restart");

        etcd.restart();

        assertThat(etcd.endpoint()).isEqualTo(endpointBefore);
        assertThat(range(etcd, "launcher-test/restart")).contains(base64("survives-restart"));
    }

    @Test
    void acknowledgedWriteSurvivesSigkill(EtcdLauncher etcd) throws Exception {
        put(etcd, "launcher-test/kill", "survives-kill");

        etcd.kill();
        assertThat(etcd.isRunning()).isFalse();
        etcd.start();

        assertThat(range(etcd, "launcher-test/kill")).contains(base64("survives-kill"));
    }

    @Test
    void stoppedServerRefusesConnections(EtcdLauncher etcd) throws Exception {
        etcd.stop();
        try {
            assertThat(etcd.isRunning()).isFalse();
            assertThatThrownBy(() -> get(etcd.endpoint() + "/health")).isInstanceOf(ConnectException.class);
        } finally {
            etcd.start();
        }
    }

    @Test
    void closeStopsTheServerAndDeletesItsDirectory() throws Exception {
        EtcdLauncher own = EtcdLauncher.startNew(EtcdExtension.requireEtcdBinary());
        Path baseDir = own.dataDir().getParent();
        assertThat(baseDir).exists();

        own.close();

        assertThat(own.isRunning()).isFalse();
        assertThat(baseDir).doesNotExist();
        assertThatThrownBy(own::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void failedStartupQuotesTheServerOutput(@TempDir Path dir) throws Exception {
        Path fakeEtcd = dir.resolve("etcd");
        Files.writeString(fakeEtcd, "#!/bin/sh\necho 'fatal: cannot open the data dir' >&2\nexit 3\n");
        Files.setPosixFilePermissions(fakeEtcd, PosixFilePermissions.fromString("rwx------"));

        try (EtcdLauncher broken = new EtcdLauncher(fakeEtcd, Duration.ofSeconds(10))) {
            assertThatThrownBy(broken::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with code 3")
                    .hasMessageContaining("fatal: cannot open the data dir");
        }
    }

    private void put(EtcdLauncher etcd, String key, String value) throws IOException, InterruptedException {
        String body = "{\"key\":\"" + base64(key) + "\",\"value\":\"" + base64(value) + "\"}";
        HttpResponse<String> response = post(etcd.endpoint() + "/v3/kv/put", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private String range(EtcdLauncher etcd, String key) throws IOException, InterruptedException {
        HttpResponse<String> response = post(etcd.endpoint() + "/v3/kv/range", "{\"key\":\"" + base64(key) + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

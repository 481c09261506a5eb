package io.egressfed.e2e.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.pki.TlsIdentity;
import io.egressfed.hub.auth.AdminTokenFiles;
import io.egressfed.hub.compile.SigningKeys;
import io.egressfed.hub.pki.HubCertificateAuthority;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys Helm itself generates for the hub chart (sprig's genPrivateKey and genCAWithKey) load in the
 * hub exactly as the chart mounts them: read-only files the hub never writes.
 */
class ChartGeneratedSecretsTest {

    @TempDir
    Path workDir;

    @RegisterExtension
    static final HelmApiServer.PerClass API = new HelmApiServer.PerClass();

    @Test
    void theGeneratedCaSigningKeyAndAdminTokenLoadFromReadOnlyMounts() throws Exception {
        List<HasMetadata> objects = new Charts(workDir).objects(Charts.HUB, "eg", Map.of());

        Path caDir = mount(secret(objects, "eg-egressfed-hub-ca"), "ca");
        Path signingDir = mount(secret(objects, "eg-egressfed-hub-signing-key"), "signing-key");
        Path tokenDir = mount(secret(objects, "eg-egressfed-hub-admin-token"), "admin-token");

        HubCertificateAuthority ca = HubCertificateAuthority.loadOrCreate(caDir, Clock.systemUTC());
        TlsIdentity server = ca.issueServerCertificate(List.of("eg-egressfed-hub.egressfed-system.svc"), List.of(),
                Duration.ofDays(1));
        server.chain().get(0).verify(ca.certificate().getPublicKey());
        assertThat(ca.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=egressfed hub CA");
        try (var files = Files.list(caDir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("ca.crt", "ca.key");
        }

        SigningKeys keys = SigningKeys.load(signingDir.resolve("signing-key.pem"), List.of());
        assertThat(keys.keyId().hex()).hasSize(64);

        assertThat(AdminTokenFiles.readInitialToken(tokenDir.resolve("token"))).matches("efa_[a-z2-7]{32}");
    }

    @Test
    void anUpgradeKeepsTheGeneratedSecretsThatExistThroughLookup() {
        Charts charts = new Charts(workDir);
        Secret installed = secret(charts.objects(Charts.HUB, "up", Map.of()), "up-egressfed-hub-signing-key");
        Secret freshCa = secret(charts.objects(Charts.HUB, "up", Map.of()), "up-egressfed-hub-ca");
        API.client().secrets().inNamespace(Charts.NAMESPACE).resource(new SecretBuilder(installed).build()).create();

        List<HasMetadata> upgrade = charts.objects(Charts.HUB, "up", Map.of());

        assertThat(secret(upgrade, "up-egressfed-hub-signing-key").getData()).isEqualTo(installed.getData());
        // Not stored in the cluster, so generated anew: proof that the kept key came from lookup.
        assertThat(secret(upgrade, "up-egressfed-hub-ca").getData()).isNotEqualTo(freshCa.getData());
        assertThat(installed.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    }

    private static Secret secret(List<HasMetadata> objects, String name) {
        return objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                .filter(secret -> secret.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Secret " + name + " rendered"));
    }

    /** Writes the Secret's keys as the kubelet would (mode 0400), then makes the directory read-only. */
    private Path mount(Secret secret, String directory) throws Exception {
        Path dir = Files.createDirectory(workDir.resolve(directory));
        for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
            Path file = Files.write(dir.resolve(entry.getKey()), Base64.getDecoder().decode(entry.getValue()));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        return dir;
    }
}

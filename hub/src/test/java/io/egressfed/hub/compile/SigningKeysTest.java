package io.egressfed.hub.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.Timestamp;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.envelope.Ed25519Pem;
import io.egressfed.api.envelope.KeyFileException;
import io.egressfed.api.envelope.PinnedKeyConfigVerifier;
import io.egressfed.api.envelope.Verification;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SigningKeysTest {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SigningKeys.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private String allLogText() {
        StringBuilder text = new StringBuilder();
        logs.list.forEach(event -> text.append(event.getFormattedMessage()).append('\n'));
        return text.toString();
    }

    @Test
    void devModeGeneratesAnOwnerOnlyKeyOnFirstStartAndReusesItAfterwards() throws Exception {
        Assumptions.assumeTrue(posix(), "file permissions are only checked on POSIX file systems");
        Path dataDir = dir.resolve("hub-data");

        SigningKeys first = SigningKeys.loadOrGenerate(dataDir, List.of());
        SigningKeys second = SigningKeys.loadOrGenerate(dataDir, List.of());

        Path keyFile = dataDir.resolve(SigningKeys.DEV_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(Ed25519Pem.readPrivateKey(keyFile).keyId()).isEqualTo(first.keyId());
    }

    @Test
    void keyMaterialNeverReachesTheLogButTheKeyIdDoes() throws Exception {
        SigningKeys keys = SigningKeys.loadOrGenerate(dir, List.of());

        String pem = Files.readString(dir.resolve(SigningKeys.DEV_KEY_FILE), StandardCharsets.US_ASCII);
        String base64Body = pem.lines().filter(line -> !line.startsWith("-----")).reduce("", String::concat);
        assertThat(allLogText()).contains(keys.keyId().hex()).doesNotContain(base64Body).doesNotContain("PRIVATE KEY");
        assertThat(keys.toString()).doesNotContain(base64Body);
    }

    @Test
    void loadReadsTheProvisionedKeyAndListsPreviousKeysAfterItWithoutDuplicates() throws Exception {
        Ed25519KeyPair current = Ed25519KeyPair.generate();
        Ed25519KeyPair older = Ed25519KeyPair.generate();
        Ed25519KeyPair oldest = Ed25519KeyPair.generate();
        Path keyFile = dir.resolve("signing.pem");
        Ed25519Pem.writePrivateKey(current, keyFile);
        Path olderFile = dir.resolve("older.pub");
        Path oldestFile = dir.resolve("oldest.pub");
        Path currentPublicFile = dir.resolve("current.pub");
        Ed25519Pem.writePublicKey(older.publicKey(), olderFile);
        Ed25519Pem.writePublicKey(oldest.publicKey(), oldestFile);
        Ed25519Pem.writePublicKey(current.publicKey(), currentPublicFile);

        SigningKeys keys = SigningKeys.load(keyFile, List.of(olderFile, currentPublicFile, oldestFile, olderFile));

        assertThat(keys.keyId()).isEqualTo(current.keyId());
        assertThat(keys.publicKeys()).containsExactly(current.publicKey(), older.publicKey(), oldest.publicKey());
    }

    @Test
    void signingKeyMessagesCarryTheIdAndAPemThatParsesBackToTheSameKey() throws Exception {
        Ed25519KeyPair previous = Ed25519KeyPair.generate();
        SigningKeys keys = SigningKeys.of(Ed25519KeyPair.generate(), List.of(previous.publicKey()));

        List<SigningKey> messages = keys.signingKeyMessages();

        assertThat(messages).hasSize(2);
        for (int i = 0; i < messages.size(); i++) {
            SigningKey message = messages.get(i);
            assertThat(message.getKeyId()).isEqualTo(keys.publicKeys().get(i).keyId().hex());
            assertThat(Ed25519Pem.parsePublicKey(message.getPublicKeyPem(), "signing_keys[" + i + "]"))
                    .isEqualTo(keys.publicKeys().get(i));
        }
        assertThat(messages.get(0).getKeyId()).isEqualTo(keys.keyId().hex());
    }

    @Test
    void whatTheSignerSignsVerifiesAgainstThePublishedKeys() {
        Instant now = Instant.parse("2026-11-22T08:00:00Z");
        SigningKeys keys = SigningKeys.of(Ed25519KeyPair.generate(), List.of());
        ClusterConfig config = ClusterConfig.newBuilder()
                .setCluster("eu-west-1")
                .setVersion(1)
                .setIssuedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                .setExpiresAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond() + 60))
                .build();

        Verification verification = new PinnedKeyConfigVerifier(keys.publicKeys(), "eu-west-1",
                Clock.fixed(now, ZoneOffset.UTC)).verify(keys.signer().signConfig(config), 0);

        assertThat(verification).isEqualTo(Verification.accepted(config));
    }

    @Test
    void aFileThatIsNotAPrivateKeyIsRefusedNamingTheFile() throws Exception {
        Path publicOnly = dir.resolve("not-private.pem");
        Ed25519Pem.writePublicKey(Ed25519KeyPair.generate().publicKey(), publicOnly);

        assertThatThrownBy(() -> SigningKeys.load(publicOnly, List.of()))
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(publicOnly.toString())
                .hasMessageContaining("public key");
    }

    @Test
    void aKeyFileReadableByOthersIsUsedButReported() throws Exception {
        Assumptions.assumeTrue(posix(), "file permissions are only checked on POSIX file systems");
        Path keyFile = dir.resolve("signing.pem");
        Ed25519KeyPair pair = Ed25519KeyPair.generate();
        Ed25519Pem.writePrivateKey(pair, keyFile);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        SigningKeys keys = SigningKeys.load(keyFile, List.of());

        assertThat(keys.keyId()).isEqualTo(pair.keyId());
        assertThat(allLogText()).contains(keyFile + " is accessible by group or others (rw-r--r--)");
    }
}

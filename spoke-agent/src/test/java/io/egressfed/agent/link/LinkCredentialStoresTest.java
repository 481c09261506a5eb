package io.egressfed.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.pki.EnrolledCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials and the applied version survive a restart, and damage is reported precisely. */
class LinkCredentialStoresTest {

    @TempDir
    Path work;
    private final TestCa ca = new TestCa();

    @Test
    void credentialsRoundTripWithAnOwnerOnlyKeyFile() throws Exception {
        DirectoryCredentialStore store = new DirectoryCredentialStore(work.resolve("credentials"));
        assertThat(store.load()).isEmpty();
        EnrolledCredentials saved = ca.credentials("eu-west-1");

        store.save(saved);
        EnrolledCredentials loaded = store.load().orElseThrow();

        assertThat(loaded.client().certificate()).isEqualTo(saved.client().certificate());
        assertThat(loaded.client().privateKey().getEncoded()).isEqualTo(saved.client().privateKey().getEncoded());
        assertThat(loaded.ca()).isEqualTo(ca.certificate());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                work.resolve("credentials").resolve(DirectoryCredentialStore.KEY_FILE)))).isEqualTo("rw-------");
        try (var files = Files.list(work.resolve("credentials"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("no temporary file left behind").containsExactlyInAnyOrder("tls.key", "tls.crt", "ca.crt");
        }
    }

    @Test
    void incompleteOrMismatchedCredentialsAreReportedNotUsed() throws Exception {
        Path directory = work.resolve("credentials");
        DirectoryCredentialStore store = new DirectoryCredentialStore(directory);
        store.save(ca.credentials("eu-west-1"));
        Path otherDirectory = work.resolve("other");
        new DirectoryCredentialStore(otherDirectory).save(ca.credentials("eu-west-1"));

        Files.copy(otherDirectory.resolve(DirectoryCredentialStore.CERTIFICATE_FILE),
                directory.resolve(DirectoryCredentialStore.CERTIFICATE_FILE),
                StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(store::load).isInstanceOf(IOException.class)
                .hasMessageStartingWith("tls.key and tls.crt in " + directory + " do not form a client identity: ")
                .hasMessageContaining("does not belong to the leaf certificate");

        Files.delete(directory.resolve(DirectoryCredentialStore.CA_FILE));
        assertThatThrownBy(store::load).isInstanceOf(IOException.class)
                .hasMessage("credentials in " + directory + " are incomplete: ca.crt is missing; remove the directory"
                        + " and enroll again");
    }
}

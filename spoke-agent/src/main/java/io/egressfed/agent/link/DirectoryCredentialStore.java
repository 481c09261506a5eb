package io.egressfed.agent.link;

import io.egressfed.agent.apply.AtomicFiles;
import io.egressfed.api.pki.EnrolledCredentials;
import io.egressfed.api.pki.Pem;
import io.egressfed.api.pki.TlsIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the agent's credentials in a directory, for local runs: {@value #KEY_FILE} (PKCS#8 private key,
 * created 0600), {@value #CERTIFICATE_FILE} (client certificate chain) and {@value #CA_FILE} (hub CA).
 * Each file is replaced atomically; the certificate is written after the key, so that a crash in
 * between is detected on the next load (the key no longer matches the certificate) instead of being
 * used.
 */
public final class DirectoryCredentialStore implements CredentialStore {

    /** The private key file. */
    public static final String KEY_FILE = "tls.key";
    /** The client certificate file. */
    public static final String CERTIFICATE_FILE = "tls.crt";
    /** The hub CA file. */
    public static final String CA_FILE = "ca.crt";

    private static final Logger log = LoggerFactory.getLogger(DirectoryCredentialStore.class);
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private final Path directory;

    /**
     * Creates a store; the directory is created on the first save.
     *
     * @param directory where the files live
     */
    public DirectoryCredentialStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public Optional<EnrolledCredentials> load() throws IOException {
        Path key = directory.resolve(KEY_FILE);
        Path certificate = directory.resolve(CERTIFICATE_FILE);
        Path ca = directory.resolve(CA_FILE);
        List<Path> files = List.of(key, certificate, ca);
        List<Path> missing = files.stream().filter(file -> !Files.exists(file)).toList();
        if (missing.size() == files.size()) {
            return Optional.empty();
        }
        if (!missing.isEmpty()) {
            throw new IOException("credentials in " + directory + " are incomplete: " + missing.get(0).getFileName()
                    + " is missing; remove the directory and enroll again");
        }
        warnIfReadableByOthers(key);
        TlsIdentity client;
        try {
            client = TlsIdentity.fromPem(read(key), read(certificate));
        } catch (IllegalArgumentException e) {
            throw new IOException(KEY_FILE + " and " + CERTIFICATE_FILE + " in " + directory + " do not form a"
                    + " client identity: " + e.getMessage(), e);
        }
        X509Certificate caCertificate;
        try {
            caCertificate = Pem.decodeCertificate(read(ca));
        } catch (IllegalArgumentException e) {
            throw new IOException(ca + ": " + e.getMessage(), e);
        }
        return Optional.of(new EnrolledCredentials(client, caCertificate));
    }

    @Override
    public void save(EnrolledCredentials credentials) throws IOException {
        Objects.requireNonNull(credentials, "credentials");
        AtomicFiles.replace(directory.resolve(CA_FILE), ascii(Pem.encodeCertificate(credentials.ca())), false);
        AtomicFiles.replace(directory.resolve(KEY_FILE), ascii(credentials.client().privateKeyPem()), true);
        AtomicFiles.replace(directory.resolve(CERTIFICATE_FILE), ascii(credentials.client().certificateChainPem()),
                false);
    }

    @Override
    public String toString() {
        return "DirectoryCredentialStore[" + directory + "]";
    }

    private static String read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(file + " is " + size + " bytes; a PEM key or certificate is far below "
                    + MAX_FILE_BYTES);
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static void warnIfReadableByOthers(Path key) throws IOException {
        if (!key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(key);
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            log.warn("{} is readable by other users; it holds the agent's private key (expected 0600)", key);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

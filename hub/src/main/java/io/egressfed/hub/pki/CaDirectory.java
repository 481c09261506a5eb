package io.egressfed.hub.pki;

import io.egressfed.api.pki.Pem;
import io.egressfed.api.pki.TlsIdentity;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The on-disk form of the hub CA: {@value #CERTIFICATE_FILE} and {@value #KEY_FILE}, PEM, in one
 * directory (typically a mounted Kubernetes Secret).
 */
final class CaDirectory {

    static final String CERTIFICATE_FILE = "ca.crt";
    static final String KEY_FILE = "ca.key";

    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private CaDirectory() {
    }

    /** Tells whether neither file exists; throws when exactly one does, since that is a broken install. */
    static boolean isEmpty(Path directory) {
        boolean hasCertificate = Files.exists(directory.resolve(CERTIFICATE_FILE));
        boolean hasKey = Files.exists(directory.resolve(KEY_FILE));
        if (hasCertificate != hasKey) {
            throw new IllegalStateException(directory.resolve(hasCertificate ? KEY_FILE : CERTIFICATE_FILE)
                    + ": is missing while " + (hasCertificate ? CERTIFICATE_FILE : KEY_FILE)
                    + " exists; restore it or remove both to create a new CA");
        }
        return !hasCertificate;
    }

    static TlsIdentity read(Path directory, Instant now) throws IOException {
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        X509Certificate certificate;
        try {
            certificate = Pem.decodeCertificate(Files.readString(certificateFile, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(certificateFile + ": " + e.getMessage(), e);
        }
        requireUsableCa(certificateFile, certificate, now);
        PrivateKey key;
        try {
            key = Pem.decodePrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyFile + ": " + e.getMessage(), e);
        }
        try {
            return new TlsIdentity(key, List.of(certificate));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyFile + ": " + e.getMessage() + " in " + certificateFile, e);
        }
    }

    static void write(Path directory, TlsIdentity ca) throws IOException {
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        for (Path file : List.of(certificateFile, keyFile)) {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite a CA file");
            }
        }
        Files.createDirectories(directory);
        // Created with its final permissions, so that the key is never readable by others, even briefly.
        writeNew(keyFile, OWNER_READ_WRITE, ca.privateKeyPem());
        writeNew(certificateFile, WORLD_READABLE, ca.certificateChainPem());
    }

    private static void writeNew(Path file, Set<PosixFilePermission> permissions, String content)
            throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(permissions));
        // The umask may have narrowed the requested permissions; a public certificate should stay readable.
        Files.setPosixFilePermissions(file, permissions);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writer.write(content);
        }
    }

    private static void requireUsableCa(Path file, X509Certificate certificate, Instant now) {
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(file + ": is not a CA certificate (basicConstraints CA:false)");
        }
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            throw new IllegalArgumentException(file + ": is not self-signed (issuer "
                    + certificate.getIssuerX500Principal().getName() + ")");
        }
        try {
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": self-signature does not verify", e);
        }
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (!now.isBefore(notAfter)) {
            throw new IllegalArgumentException(file + ": CA certificate expired at " + notAfter
                    + "; create a new CA and re-enroll the clusters");
        }
    }
}

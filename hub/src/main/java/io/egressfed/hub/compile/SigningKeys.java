package io.egressfed.hub.compile;

import io.egressfed.api.envelope.Ed25519EnvelopeSigner;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.envelope.Ed25519Pem;
import io.egressfed.api.envelope.Ed25519PublicKey;
import io.egressfed.api.envelope.EnvelopeSigner;
import io.egressfed.api.envelope.KeyId;
import io.egressfed.api.v1alpha1.SigningKey;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's config-signing key, and the public keys agents may trust.
 *
 * <p>The private key lives in a PEM file only: it is never written to etcd, and nothing here logs
 * key material (logs name the key id). During a rotation the hub signs with the new key while the
 * previous public keys stay listed, so agents pinned to an old key keep accepting configs until
 * they have been re-pinned and each config has been re-signed (the publisher re-signs every
 * config whose stored signature is not by the current key). Immutable and thread-safe.
 */
public final class SigningKeys {

    /** The file {@link #loadOrGenerate} keeps the dev key in, inside its data directory. */
    public static final String DEV_KEY_FILE = "hub-signing-key.pem";

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    private static final Set<PosixFilePermission> READABLE_BY_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final Ed25519KeyPair current;
    private final List<Ed25519PublicKey> publicKeys;
    private final EnvelopeSigner signer;

    private SigningKeys(Ed25519KeyPair current, List<Ed25519PublicKey> previous) {
        this.current = Objects.requireNonNull(current, "current");
        Map<KeyId, Ed25519PublicKey> byId = new LinkedHashMap<>();
        byId.put(current.keyId(), current.publicKey());
        for (Ed25519PublicKey key : previous) {
            byId.putIfAbsent(Objects.requireNonNull(key, "previous key").keyId(), key);
        }
        this.publicKeys = List.copyOf(byId.values());
        this.signer = new Ed25519EnvelopeSigner(current);
    }

    /**
     * Keys from memory, e.g. for tests or a caller that manages its own key files.
     *
     * @param current the signing key
     * @param previous public keys of earlier signing keys agents may still trust; duplicates and the
     *     current key are ignored
     * @return the keys
     */
    public static SigningKeys of(Ed25519KeyPair current, List<Ed25519PublicKey> previous) {
        return new SigningKeys(current, List.copyOf(previous));
    }

    /**
     * Loads the signing key from a PKCS#8 PEM file (production: the file is provisioned, never
     * generated). A key file readable by group or others is used but reported.
     *
     * @param privateKeyFile the hub's Ed25519 private key, PEM
     * @param previousPublicKeyFiles public key PEM files of earlier signing keys, in rotation order
     * @return the keys
     * @throws io.egressfed.api.envelope.KeyFileException when a file does not hold the expected key;
     *     the message names the file and the reason
     * @throws IOException when a file cannot be read
     */
    public static SigningKeys load(Path privateKeyFile, List<Path> previousPublicKeyFiles) throws IOException {
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        warnIfExposed(privateKeyFile);
        Ed25519KeyPair current = Ed25519Pem.readPrivateKey(privateKeyFile);
        SigningKeys keys = new SigningKeys(current, readPublicKeys(previousPublicKeyFiles));
        LOG.info("hub signing key {} loaded from {}; {} public key(s) trusted", current.keyId(), privateKeyFile,
                keys.publicKeys.size());
        return keys;
    }

    /**
     * Dev mode: loads the signing key from {@value #DEV_KEY_FILE} in {@code dataDir}, generating it
     * there on first start (file mode 0600, directory created 0700 where POSIX permissions exist), so
     * that agents enrolled against a dev hub keep trusting it across restarts. When two hubs share
     * the directory and start together, both end up with the one key that was written first.
     *
     * @param dataDir the hub's data directory; created when missing
     * @param previousPublicKeyFiles public key PEM files of earlier signing keys
     * @return the keys
     * @throws IOException when the directory or file cannot be created or read, or the file does not
     *     hold an Ed25519 private key
     */
    public static SigningKeys loadOrGenerate(Path dataDir, List<Path> previousPublicKeyFiles) throws IOException {
        Objects.requireNonNull(dataDir, "dataDir");
        Path keyFile = dataDir.resolve(DEV_KEY_FILE);
        if (!Files.exists(keyFile)) {
            createPrivateDirectory(dataDir);
            Ed25519KeyPair generated = Ed25519KeyPair.generate();
            try {
                Ed25519Pem.writePrivateKey(generated, keyFile);
                LOG.info("generated hub signing key {} in {} (dev mode)", generated.keyId(), keyFile);
            } catch (FileAlreadyExistsException writtenByAnotherHub) {
                LOG.info("hub signing key file {} appeared while generating one; using it", keyFile);
            }
        }
        return load(keyFile, previousPublicKeyFiles);
    }

    /**
     * Signs configs with the current key.
     *
     * @return the signer
     */
    public EnvelopeSigner signer() {
        return signer;
    }

    /**
     * The current key's id, the one every new envelope carries.
     *
     * @return the key id
     */
    public KeyId keyId() {
        return current.keyId();
    }

    /**
     * Every public key agents may trust: the current one first, then the previous ones in the order
     * given, without duplicates.
     *
     * @return the public keys
     */
    public List<Ed25519PublicKey> publicKeys() {
        return publicKeys;
    }

    /**
     * {@link #publicKeys()} as the protobuf messages an enrollment response carries.
     *
     * @return key id and SubjectPublicKeyInfo PEM of each public key, current first
     */
    public List<SigningKey> signingKeyMessages() {
        List<SigningKey> messages = new ArrayList<>();
        for (Ed25519PublicKey key : publicKeys) {
            messages.add(SigningKey.newBuilder()
                    .setKeyId(key.keyId().hex())
                    .setPublicKeyPem(Ed25519Pem.publicKeyPem(key))
                    .build());
        }
        return List.copyOf(messages);
    }

    @Override
    public String toString() {
        return "SigningKeys[keyId=" + current.keyId() + ", trusted=" + publicKeys.size() + "]";
    }

    private static List<Ed25519PublicKey> readPublicKeys(List<Path> files) throws IOException {
        List<Ed25519PublicKey> keys = new ArrayList<>();
        for (Path file : Objects.requireNonNull(files, "previousPublicKeyFiles")) {
            Ed25519PublicKey key = Ed25519Pem.readPublicKey(Objects.requireNonNull(file, "previous public key file"));
            LOG.info("trusting previous hub signing key {} from {}", key.keyId(), file);
            keys.add(key);
        }
        return keys;
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        FileAttribute<?>[] ownerOnly = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
        Files.createDirectories(dir, ownerOnly);
    }

    /**
     * Kubernetes mounts Secrets 0644 by default, so a readable key file is reported, not refused: the
     * operator decides whether the pod boundary is enough.
     */
    private static void warnIfExposed(Path keyFile) throws IOException {
        if (!Files.exists(keyFile) || !keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
        if (permissions.stream().anyMatch(READABLE_BY_OTHERS::contains)) {
            LOG.warn("hub signing key file {} is accessible by group or others ({}); restrict it to 0600",
                    keyFile, PosixFilePermissions.toString(permissions));
        }
    }
}

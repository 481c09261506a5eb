package io.egressfed.hub.store;

import io.egressfed.api.pki.Pem;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * TLS toward etcd: the CA that signed etcd's server certificates and, when etcd requires client
 * certificates ({@code --client-cert-auth}), the hub's client certificate and key. Files are read when
 * {@link #clientContext()} is called, so a rotated Secret is picked up on the next start.
 *
 * @param caFile PEM bundle of the CA certificates etcd's server certificates chain to
 * @param certFile the client certificate chain (PEM), present together with {@code keyFile}
 * @param keyFile the client private key: PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY})
 *     or PKCS#1 ({@code RSA PRIVATE KEY}), unencrypted
 */
public record EtcdTls(Path caFile, Optional<Path> certFile, Optional<Path> keyFile) {

    /** Requires the CA file, and the certificate and key together or neither. */
    public EtcdTls {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException((certFile.isPresent() ? "keyFile" : "certFile")
                    + ": is required when " + (certFile.isPresent() ? "certFile" : "keyFile")
                    + " is given (a client certificate needs its key)");
        }
    }

    /**
     * Reads the files into the configuration of jetcd's TLS context (which adds gRPC's ALPN settings).
     *
     * @return what to apply to the client's {@link SslContextBuilder}
     * @throws IllegalArgumentException naming the file and the reason when a file cannot be read, holds
     *     no certificate or key, or the key does not belong to the certificate
     */
    public Consumer<SslContextBuilder> clientContext() {
        List<X509Certificate> authorities = certificates(caFile, "CA");
        Optional<List<X509Certificate>> chain = certFile.map(file -> certificates(file, "client certificate"));
        Optional<PrivateKey> key = keyFile.map(EtcdTls::privateKey);
        if (chain.isPresent()) {
            requireMatchingKey(chain.get().get(0), key.orElseThrow());
        }
        return builder -> {
            builder.trustManager(authorities.toArray(X509Certificate[]::new));
            if (chain.isPresent()) {
                builder.keyManager(key.orElseThrow(), chain.get().toArray(X509Certificate[]::new));
            }
        };
    }

    private static List<X509Certificate> certificates(Path file, String what) {
        String pem = read(file);
        try {
            return Pem.decodeCertificates(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a PEM " + what + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem = read(file);
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            return pkcs1(file, pem);
        }
        try {
            return Pem.decodePrivateKey(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a usable private key: " + e.getMessage(), e);
        }
    }

    /** PKCS#1 is what cfssl and older openssl write for RSA; etcd deployments commonly have it. */
    private static PrivateKey pkcs1(Path file, String pem) {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject block = reader.readPemObject();
            PrivateKeyInfo info = new PrivateKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    RSAPrivateKey.getInstance(block.getContent()));
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            // The cause may quote key bytes, so it is not attached.
            throw new IllegalArgumentException(file + ": not a usable private key: the RSA PRIVATE KEY block "
                    + "does not parse");
        }
    }

    /** A mismatched pair would only surface as an opaque handshake failure against etcd. */
    private void requireMatchingKey(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "egressfed etcd client key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException(keyFile.orElseThrow() + ": does not belong to the certificate in "
                    + certFile.orElseThrow() + " (" + certificate.getSubjectX500Principal().getName() + ")");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": cannot read: no such file", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(file + ": cannot read: permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e, e);
        }
    }
}

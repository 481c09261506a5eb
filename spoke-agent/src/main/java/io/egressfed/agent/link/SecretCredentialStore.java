package io.egressfed.agent.link;

import io.egressfed.agent.backend.Ownership;
import io.egressfed.api.pki.EnrolledCredentials;
import io.egressfed.api.pki.Pem;
import io.egressfed.api.pki.TlsIdentity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the agent's credentials in one Secret of the agent's namespace (type Opaque, keys
 * {@value #KEY}, {@value #CERTIFICATE} and {@value #CA}), so that every replica and every restart shares
 * the one identity a single-use bootstrap token could enroll. The three items are written in one update,
 * so they always belong together. A Secret without any of the keys (e.g. created empty by the Helm chart,
 * so that RBAC can name it) counts as no credentials. Neither logs nor exception messages ever contain
 * the Secret's data.
 */
public final class SecretCredentialStore implements CredentialStore {

    /** Data key of the PKCS#8 private key. */
    public static final String KEY = "tls.key";
    /** Data key of the client certificate chain. */
    public static final String CERTIFICATE = "tls.crt";
    /** Data key of the hub CA certificate. */
    public static final String CA = "ca.crt";

    private static final int MAX_VALUE_BYTES = 64 * 1024;
    private static final int CONFLICT_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    /**
     * Creates a store; the Secret is created on the first save unless it exists.
     *
     * @param client    the cluster's client
     * @param namespace the agent's namespace
     * @param name      the Secret's name
     */
    public SecretCredentialStore(KubernetesClient client, String namespace, String name) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public Optional<EnrolledCredentials> load() throws IOException {
        Secret secret = read();
        Map<String, String> data = secret == null || secret.getData() == null ? Map.of() : secret.getData();
        List<String> keys = List.of(KEY, CERTIFICATE, CA);
        List<String> missing = keys.stream().filter(key -> data.get(key) == null || data.get(key).isEmpty()).toList();
        if (missing.size() == keys.size()) {
            return Optional.empty();
        }
        if (!missing.isEmpty()) {
            throw new IOException("credentials in " + this + " are incomplete: data." + missing.get(0)
                    + " is missing; delete the Secret (or its data) and enroll again");
        }
        TlsIdentity identity;
        try {
            identity = TlsIdentity.fromPem(decode(data, KEY), decode(data, CERTIFICATE));
        } catch (IllegalArgumentException e) {
            throw new IOException("data." + KEY + " and data." + CERTIFICATE + " of " + this
                    + " do not form a client identity: " + e.getMessage(), e);
        }
        X509Certificate ca;
        try {
            ca = Pem.decodeCertificate(decode(data, CA));
        } catch (IllegalArgumentException e) {
            throw new IOException("data." + CA + " of " + this + ": " + e.getMessage(), e);
        }
        return Optional.of(new EnrolledCredentials(identity, ca));
    }

    @Override
    public void save(EnrolledCredentials credentials) throws IOException {
        Objects.requireNonNull(credentials, "credentials");
        Map<String, String> data = new LinkedHashMap<>();
        data.put(KEY, encode(credentials.client().privateKeyPem()));
        data.put(CERTIFICATE, encode(credentials.client().certificateChainPem()));
        data.put(CA, encode(Pem.encodeCertificate(credentials.ca())));
        for (int attempt = 1; ; attempt++) {
            try {
                Secret current = read();
                if (current == null) {
                    client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withNamespace(namespace)
                            .withLabels(Map.of(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE))
                            .endMetadata()
                            .withType("Opaque")
                            .withData(data)
                            .build()).create();
                } else {
                    // Guarded by the resourceVersion just read: the newest credentials win, never a mix.
                    client.secrets().inNamespace(namespace).resource(new SecretBuilder(current)
                            .withData(data)
                            .withStringData(null)
                            .build()).update();
                }
                return;
            } catch (KubernetesClientException e) {
                boolean retriable = e.getCode() == HttpURLConnection.HTTP_CONFLICT;
                if (!retriable || attempt == CONFLICT_ATTEMPTS) {
                    throw new IOException("cannot write " + this + ": " + describe(e), e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Secret " + namespace + "/" + name;
    }

    private Secret read() throws IOException {
        try {
            return client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new IOException("cannot read " + this + ": " + describe(e), e);
        }
    }

    private String decode(Map<String, String> data, String key) throws IOException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.get(key));
        } catch (IllegalArgumentException e) {
            throw new IOException("data." + key + " of " + this + " is not base64", e);
        }
        if (bytes.length > MAX_VALUE_BYTES) {
            throw new IOException("data." + key + " of " + this + " is " + bytes.length
                    + " bytes; a PEM key or certificate is far below " + MAX_VALUE_BYTES);
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String encode(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** The API server's status message and code; a Secret's data never appears in either. */
    private static String describe(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : e.getClass().getSimpleName();
        return e.getCode() > 0 ? message + " (HTTP " + e.getCode() + ")" : message;
    }
}

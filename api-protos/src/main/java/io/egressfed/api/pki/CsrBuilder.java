package io.egressfed.api.pki;

import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Builds the agent's certificate request: subject {@code CN=<cluster>}, the agent's P-256 public key,
 * signed with SHA256withECDSA by the matching private key (the proof of possession the hub checks).
 * The private key is only used to sign here; it never leaves the agent.
 */
public final class CsrBuilder {

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private final ClusterIdentity cluster;

    private CsrBuilder(ClusterIdentity cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts a request for a cluster.
     *
     * @param clusterName the cluster the enrollment token was issued for
     * @return the builder
     * @throws IllegalArgumentException when the name is not a DNS label
     */
    public static CsrBuilder forCluster(String clusterName) {
        return new CsrBuilder(new ClusterIdentity(clusterName));
    }

    /**
     * Builds and signs the request.
     *
     * @param keyPair the agent's P-256 key pair, e.g. from {@link KeyPairs#generateP256()}
     * @return the signed PKCS#10 request
     * @throws IllegalArgumentException when the key is not EC P-256
     */
    public PKCS10CertificationRequest build(KeyPair keyPair) {
        if (!KeyPairs.isP256(keyPair.getPublic())) {
            throw new IllegalArgumentException("key pair: the spoke link requires EC P-256 keys");
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cluster.name()).build();
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keyPair.getPrivate());
            return new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic()).build(signer);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(SIGNATURE_ALGORITHM + " is required of every Java platform", e);
        }
    }
}

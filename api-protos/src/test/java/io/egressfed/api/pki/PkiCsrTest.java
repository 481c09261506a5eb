package io.egressfed.api.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class PkiCsrTest {

    @Test
    void csrNamesTheClusterCarriesThePublicKeyAndIsSignedByThePrivateKey() throws Exception {
        KeyPair keys = KeyPairs.generateP256();

        PKCS10CertificationRequest csr = CsrBuilder.forCluster("eu-west-1").build(keys);

        assertThat(csr.getSubject().toString()).isEqualTo("CN=eu-west-1");
        assertThat(csr.getSubjectPublicKeyInfo().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
        assertThat(csr.getSignatureAlgorithm().getAlgorithm()).isEqualTo(X9ObjectIdentifiers.ecdsa_with_SHA256);
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(keys.getPublic()))).isTrue();
    }

    @Test
    void keysOtherThanP256AreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair p384 = generator.generateKeyPair();

        assertThatThrownBy(() -> CsrBuilder.forCluster("eu-west-1").build(p384))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key pair: the spoke link requires EC P-256 keys");
        assertThat(KeyPairs.describe(SubjectPublicKeyInfo.getInstance(p384.getPublic().getEncoded())))
                .isEqualTo("EC secp384r1");
    }

    @Test
    void clusterNameThatIsNotADnsLabelIsRefused() {
        assertThatThrownBy(() -> CsrBuilder.forCluster("EU_West"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cluster name: \"EU_West\" is not a DNS label");
    }
}

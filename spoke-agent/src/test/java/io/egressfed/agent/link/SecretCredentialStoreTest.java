package io.egressfed.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.pki.EnrolledCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials kept in a Secret: shared by every replica, replaced whole on renewal, damage reported. */
@EnableKubernetesMockClient(crud = true)
class SecretCredentialStoreTest {

    KubernetesClient client;
    private final TestCa ca = new TestCa();

    @Test
    void credentialsRoundTripThroughOneSecret() throws Exception {
        SecretCredentialStore store = new SecretCredentialStore(client, "agent-s1", "egressfed-agent-credentials");
        assertThat(store.load()).isEmpty();
        EnrolledCredentials saved = ca.credentials("eu-west-1");

        store.save(saved);
        EnrolledCredentials loaded = store.load().orElseThrow();

        assertThat(loaded.client().certificate()).isEqualTo(saved.client().certificate());
        assertThat(loaded.client().privateKey().getEncoded()).isEqualTo(saved.client().privateKey().getEncoded());
        assertThat(loaded.ca()).isEqualTo(ca.certificate());
        Secret secret = client.secrets().inNamespace("agent-s1").withName("egressfed-agent-credentials").get();
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getData()).containsOnlyKeys("tls.key", "tls.crt", "ca.crt");
    }

    @Test
    void aRenewalReplacesTheIdentityAndASecondStoreSeesTheSameOne() throws Exception {
        SecretCredentialStore leader = new SecretCredentialStore(client, "agent-s2", "creds");
        SecretCredentialStore standby = new SecretCredentialStore(client, "agent-s2", "creds");
        EnrolledCredentials enrolled = ca.credentials("eu-west-1");
        leader.save(enrolled);
        assertThat(standby.load().orElseThrow().client().certificate()).isEqualTo(enrolled.client().certificate());

        EnrolledCredentials renewed = ca.credentials("eu-west-1");
        leader.save(renewed);

        EnrolledCredentials seen = standby.load().orElseThrow();
        assertThat(seen.client().certificate()).isEqualTo(renewed.client().certificate())
                .isNotEqualTo(enrolled.client().certificate());
        assertThat(seen.client().privateKey().getEncoded()).isEqualTo(renewed.client().privateKey().getEncoded());
    }

    @Test
    void anEmptySecretCreatedAheadCountsAsNoCredentialsAndIsFilledOnSave() throws Exception {
        client.secrets().inNamespace("agent-s3").resource(new SecretBuilder().withNewMetadata().withName("pre")
                .withNamespace("agent-s3").endMetadata().withType("Opaque").build()).create();
        SecretCredentialStore store = new SecretCredentialStore(client, "agent-s3", "pre");
        assertThat(store.load()).isEmpty();

        store.save(ca.credentials("eu-west-1"));

        assertThat(store.load()).isPresent();
    }

    @Test
    void incompleteOrMismatchedCredentialsAreReportedWithoutTheirContent() throws Exception {
        SecretCredentialStore store = new SecretCredentialStore(client, "agent-s4", "creds");
        store.save(ca.credentials("eu-west-1"));
        SecretCredentialStore other = new SecretCredentialStore(client, "agent-s4", "other");
        other.save(ca.credentials("eu-west-1"));
        Secret otherSecret = client.secrets().inNamespace("agent-s4").withName("other").get();

        Map<String, String> mixed = new HashMap<>(client.secrets().inNamespace("agent-s4").withName("creds").get().getData());
        String key = mixed.get("tls.key");
        mixed.put("tls.crt", otherSecret.getData().get("tls.crt"));
        replaceData("creds", mixed);
        assertThatThrownBy(store::load).isInstanceOf(IOException.class)
                .hasMessageStartingWith("data.tls.key and data.tls.crt of Secret agent-s4/creds do not form a client identity: ")
                .hasMessageNotContaining(key);

        mixed.remove("ca.crt");
        replaceData("creds", mixed);
        assertThatThrownBy(store::load).isInstanceOf(IOException.class)
                .hasMessage("credentials in Secret agent-s4/creds are incomplete: data.ca.crt is missing; delete the"
                        + " Secret (or its data) and enroll again");
    }

    private void replaceData(String name, Map<String, String> data) {
        client.secrets().inNamespace("agent-s4").withName(name)
                .edit(secret -> new SecretBuilder(secret).withData(new HashMap<>(data)).build());
    }
}

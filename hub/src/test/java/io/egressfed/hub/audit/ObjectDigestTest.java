package io.egressfed.hub.audit;

import static io.egressfed.hub.state.Resources.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIPPoolStatus;
import io.egressfed.api.v1alpha1.ObjectMeta;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The digest in audit records identifies what the user wrote, independent of hub-owned fields. */
class ObjectDigestTest {

    @Test
    void isTheSha256OfTheSerializedObject() throws Exception {
        EgressIPPool pool = pool("eu-public", "198.51.100.0/27");

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pool.toByteArray()));

        assertThat(ObjectDigest.of(pool)).isEqualTo(expected).hasSize(64);
    }

    @Test
    void ignoresStatusAndResourceVersion() {
        EgressIPPool pool = pool("eu-public", "198.51.100.0/27");
        EgressIPPool read = pool.toBuilder()
                .setMetadata(pool.getMetadata().toBuilder().setResourceVersion("42"))
                .setStatus(EgressIPPoolStatus.newBuilder().setAllocated(3))
                .build();

        assertThat(ObjectDigest.of(read)).isEqualTo(ObjectDigest.of(pool));
    }

    @Test
    void doesNotDependOnTheOrderLabelsWereSetIn() {
        EgressIPPool pool = pool("eu-public", "198.51.100.0/27");
        EgressIPPool ab = pool.toBuilder().setMetadata(ObjectMeta.newBuilder().setName("eu-public")
                .putLabels("a", "1").putLabels("b", "2").putLabels("c", "3")).build();
        EgressIPPool cba = pool.toBuilder().setMetadata(ObjectMeta.newBuilder().setName("eu-public")
                .putLabels("c", "3").putLabels("b", "2").putLabels("a", "1")).build();

        assertThat(ObjectDigest.of(ab)).isEqualTo(ObjectDigest.of(cba));
    }

    @Test
    void changesWithWhatTheUserWrote() {
        EgressIPPool pool = pool("eu-public", "198.51.100.0/27");

        assertThat(ObjectDigest.of(pool("eu-public", "198.51.100.0/26"))).isNotEqualTo(ObjectDigest.of(pool));
        assertThat(ObjectDigest.of(pool.toBuilder().setMetadata(pool.getMetadata().toBuilder().putLabels("a", "b")).build()))
                .isNotEqualTo(ObjectDigest.of(pool));
    }
}

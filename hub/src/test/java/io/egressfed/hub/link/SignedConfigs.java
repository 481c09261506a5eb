package io.egressfed.hub.link;

import com.google.protobuf.Timestamp;
import io.egressfed.api.envelope.Ed25519EnvelopeSigner;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import java.time.Duration;
import java.time.Instant;

/** Signs cluster configs the way the hub's compiler will, for tests. */
final class SignedConfigs {

    private final Ed25519EnvelopeSigner signer = new Ed25519EnvelopeSigner(Ed25519KeyPair.generate());

    /** A signed config of {@code cluster} at {@code version}, valid for an hour. */
    SignedEnvelope envelope(String cluster, long version) {
        Instant now = Instant.now();
        return signer.signConfig(ClusterConfig.newBuilder()
                .setCluster(cluster)
                .setVersion(version)
                .setIssuedAt(timestamp(now))
                .setExpiresAt(timestamp(now.plus(Duration.ofHours(1))))
                .setBackend(Backend.BACKEND_CILIUM)
                .build());
    }

    /** The same, as a feed entry. */
    DesiredConfig desired(String cluster, long version) {
        return new DesiredConfig(cluster, version, envelope(cluster, version), version);
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}

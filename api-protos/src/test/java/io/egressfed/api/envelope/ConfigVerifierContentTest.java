package io.egressfed.api.envelope;

import static io.egressfed.api.envelope.TestConfigs.CLOCK;
import static io.egressfed.api.envelope.TestConfigs.CLUSTER;
import static io.egressfed.api.envelope.TestConfigs.NOW;
import static io.egressfed.api.envelope.TestConfigs.accepted;
import static io.egressfed.api.envelope.TestConfigs.config;
import static io.egressfed.api.envelope.TestConfigs.rejection;
import static io.egressfed.api.envelope.TestConfigs.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.ClusterConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the verifier checks in an authentic config: cluster, version, validity window. */
class ConfigVerifierContentTest {

  private final Ed25519KeyPair hubKey = Ed25519KeyPair.generate();
  private final EnvelopeSigner signer = new Ed25519EnvelopeSigner(hubKey);
  private final ConfigVerifier verifier =
      new PinnedKeyConfigVerifier(List.of(hubKey.publicKey()), CLUSTER, CLOCK);

  @Test
  void rejectsAnotherClustersConfigNamingBothClusters() {
    Verification.Rejected rejected = rejection(verify(config(3).setCluster("us-east-2"), 0));

    assertThat(rejected.reason()).isEqualTo(RejectReason.WRONG_CLUSTER);
    assertThat(rejected.message()).contains("'us-east-2'").contains("'" + CLUSTER + "'");
  }

  @Test
  void rejectsAVersionLowerThanTheLastAppliedOneAsRollback() {
    Verification.Rejected rejected = rejection(verify(config(4), 5));

    assertThat(rejected.reason()).isEqualTo(RejectReason.ROLLBACK);
    assertThat(rejected.message()).contains("version 4").contains("last applied version 5");
  }

  @Test
  void theVersionAlreadyAppliedIsANoOpNotAnError() {
    assertThat(verify(config(5), 5)).isEqualTo(Verification.alreadyApplied(5));
  }

  @Test
  void acceptsTheNextVersion() {
    assertThat(accepted(verify(config(6), 5)).getVersion()).isEqualTo(6);
  }

  @Test
  void comparesVersionsAsTheUnsigned64BitNumbersTheyAreOnTheWire() {
    long largest = -1L; // 2^64 - 1 as uint64

    assertThat(accepted(verify(config(largest), Long.MAX_VALUE)).getVersion()).isEqualTo(largest);
    Verification.Rejected rejected = rejection(verify(config(Long.MAX_VALUE), largest));
    assertThat(rejected.reason()).isEqualTo(RejectReason.ROLLBACK);
    assertThat(rejected.message())
        .contains("version 9223372036854775807")
        .contains("last applied version 18446744073709551615");
  }

  @Test
  void rejectsVersionZeroAsMissing() {
    Verification.Rejected rejected = rejection(verify(config(0), 0));

    assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD);
    assertThat(rejected.message()).contains("version is missing");
  }

  @Test
  void rollbackIsReportedEvenWhenTheStaleConfigHasAlsoExpired() {
    ClusterConfig.Builder staleAndExpired =
        config(2)
            .setIssuedAt(timestamp(NOW.minusSeconds(7200)))
            .setExpiresAt(timestamp(NOW.minusSeconds(3600)));

    assertThat(rejection(verify(staleAndExpired, 5)).reason()).isEqualTo(RejectReason.ROLLBACK);
  }

  @Test
  void rejectsAConfigThatExpiredMoreThanTheSkewAgo() {
    ClusterConfig.Builder expired =
        config(3)
            .setIssuedAt(timestamp(NOW.minusSeconds(3600)))
            .setExpiresAt(timestamp(NOW.minusSeconds(31)));

    Verification.Rejected rejected = rejection(verify(expired, 0));

    assertThat(rejected.reason()).isEqualTo(RejectReason.EXPIRED);
    assertThat(rejected.message()).contains("expiresAt " + NOW.minusSeconds(31));
  }

  @Test
  void acceptsAConfigThatExpiredWithinTheSkew() {
    ClusterConfig.Builder justExpired =
        config(3)
            .setIssuedAt(timestamp(NOW.minusSeconds(3600)))
            .setExpiresAt(timestamp(NOW.minusSeconds(30)));

    assertThat(verify(justExpired, 0)).isInstanceOf(Verification.Accepted.class);
  }

  @Test
  void rejectsAConfigIssuedFurtherInTheFutureThanTheSkew() {
    ClusterConfig.Builder futureDated = config(3).setIssuedAt(timestamp(NOW.plusSeconds(31)));

    Verification.Rejected rejected = rejection(verify(futureDated, 0));

    assertThat(rejected.reason()).isEqualTo(RejectReason.NOT_YET_VALID);
    assertThat(rejected.message()).contains("issuedAt " + NOW.plusSeconds(31));
  }

  @Test
  void acceptsAConfigIssuedInTheFutureWithinTheSkew() {
    ClusterConfig.Builder slightlyAhead = config(3).setIssuedAt(timestamp(NOW.plusSeconds(30)));

    assertThat(verify(slightlyAhead, 0)).isInstanceOf(Verification.Accepted.class);
  }

  @Test
  void theSkewIsConfigurable() {
    ConfigVerifier strict =
        new PinnedKeyConfigVerifier(List.of(hubKey.publicKey()), CLUSTER, CLOCK, Duration.ZERO);
    ConfigVerifier lenient =
        new PinnedKeyConfigVerifier(
            List.of(hubKey.publicKey()), CLUSTER, CLOCK, Duration.ofMinutes(5));
    ClusterConfig fourMinutesAhead = config(3).setIssuedAt(timestamp(NOW.plusSeconds(240))).build();
    ClusterConfig oneSecondAhead = config(3).setIssuedAt(timestamp(NOW.plusSeconds(1))).build();

    assertThat(rejection(strict.verify(signer.signConfig(oneSecondAhead), 0)).reason())
        .isEqualTo(RejectReason.NOT_YET_VALID);
    assertThat(lenient.verify(signer.signConfig(fourMinutesAhead), 0))
        .isInstanceOf(Verification.Accepted.class);
  }

  @Test
  void rejectsAConfigWithoutIssuedAt() {
    Verification.Rejected rejected = rejection(verify(config(3).clearIssuedAt(), 0));

    assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD);
    assertThat(rejected.message()).isEqualTo("issuedAt is missing");
  }

  @Test
  void rejectsAConfigWithoutExpiresAt() {
    Verification.Rejected rejected = rejection(verify(config(3).clearExpiresAt(), 0));

    assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD);
    assertThat(rejected.message()).isEqualTo("expiresAt is missing");
  }

  @Test
  void rejectsAnOutOfRangeTimestamp() {
    ClusterConfig.Builder badNanos =
        config(3).setExpiresAt(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond()).setNanos(-1));

    Verification.Rejected rejected = rejection(verify(badNanos, 0));

    assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD);
    assertThat(rejected.message()).contains("expiresAt is not a valid timestamp");
  }

  @Test
  void rejectsAConfigThatExpiresBeforeItIsIssued() {
    ClusterConfig.Builder inverted =
        config(3)
            .setIssuedAt(timestamp(NOW.minusSeconds(10)))
            .setExpiresAt(timestamp(NOW.minusSeconds(20)));

    assertThat(rejection(verify(inverted, 0)).reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD);
  }

  @Test
  void refusesToBeBuiltWithoutAPinnedKeyAClusterNameOrWithANegativeSkew() {
    List<Ed25519PublicKey> keys = List.of(hubKey.publicKey());

    assertThatThrownBy(() -> new PinnedKeyConfigVerifier(List.of(), CLUSTER, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trustedKeys");
    assertThatThrownBy(() -> new PinnedKeyConfigVerifier(keys, " ", CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clusterName");
    assertThatThrownBy(() -> new PinnedKeyConfigVerifier(keys, CLUSTER, CLOCK, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clockSkew");
  }

  private Verification verify(ClusterConfig.Builder config, long lastAppliedVersion) {
    return verifier.verify(signer.signConfig(config.build()), lastAppliedVersion);
  }
}

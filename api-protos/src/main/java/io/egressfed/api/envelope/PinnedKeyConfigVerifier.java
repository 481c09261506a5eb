package io.egressfed.api.envelope;

import static io.egressfed.api.envelope.Verification.rejected;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies config envelopes against the hub keys pinned at install time. Several keys may be pinned
 * at once, so that a key rotation lists old and new side by side.
 *
 * <p>Checks run in a fixed order and stop at the first failure: envelope shape, pinned key,
 * signature over {@link Pae}; only then is the payload parsed, and the config checked for cluster,
 * version and validity window. Immutable and thread-safe.
 */
public final class PinnedKeyConfigVerifier implements ConfigVerifier {

  /** Clock skew allowed between hub and agent unless configured otherwise. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  private static final int SIGNATURE_LENGTH = 64;

  private final Map<KeyId, Ed25519PublicKey> trustedKeys;
  private final String clusterName;
  private final Clock clock;
  private final Duration clockSkew;
  private final ConfigParser parser;

  /**
   * Creates a verifier with the default clock skew.
   *
   * @param trustedKeys the pinned hub keys, at least one
   * @param clusterName the name of the cluster this agent runs in
   * @param clock the clock that validity windows are checked against
   */
  public PinnedKeyConfigVerifier(
      Collection<Ed25519PublicKey> trustedKeys, String clusterName, Clock clock) {
    this(trustedKeys, clusterName, clock, DEFAULT_CLOCK_SKEW);
  }

  /**
   * Creates a verifier.
   *
   * @param trustedKeys the pinned hub keys, at least one
   * @param clusterName the name of the cluster this agent runs in
   * @param clock the clock that validity windows are checked against
   * @param clockSkew how far hub and agent clocks may disagree, not negative
   */
  public PinnedKeyConfigVerifier(
      Collection<Ed25519PublicKey> trustedKeys, String clusterName, Clock clock, Duration clockSkew) {
    this(trustedKeys, clusterName, clock, clockSkew, ConfigParser.protobuf());
  }

  /**
   * Creates a verifier with its own payload parser.
   *
   * @param trustedKeys the pinned hub keys, at least one
   * @param clusterName the name of the cluster this agent runs in
   * @param clock the clock that validity windows are checked against
   * @param clockSkew how far hub and agent clocks may disagree, not negative
   * @param parser parses payloads once their signature has been verified
   */
  public PinnedKeyConfigVerifier(
      Collection<Ed25519PublicKey> trustedKeys,
      String clusterName,
      Clock clock,
      Duration clockSkew,
      ConfigParser parser) {
    Objects.requireNonNull(trustedKeys, "trustedKeys");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (trustedKeys.isEmpty()) {
      throw new IllegalArgumentException("trustedKeys: at least one hub key must be pinned");
    }
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("clusterName must not be blank");
    }
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clockSkew must not be negative, got " + clockSkew);
    }
    Map<KeyId, Ed25519PublicKey> byId = new HashMap<>();
    for (Ed25519PublicKey key : trustedKeys) {
      Objects.requireNonNull(key, "trustedKeys contains null");
      byId.put(key.keyId(), key);
    }
    this.trustedKeys = Map.copyOf(byId);
    this.clusterName = clusterName;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.clockSkew = clockSkew;
    this.parser = Objects.requireNonNull(parser, "parser");
  }

  @Override
  public Verification verify(byte[] envelopeBytes, long lastAppliedVersion) {
    Objects.requireNonNull(envelopeBytes, "envelopeBytes");
    SignedEnvelope envelope;
    try {
      envelope = SignedEnvelope.parseFrom(envelopeBytes);
    } catch (InvalidProtocolBufferException e) {
      return rejected(
          RejectReason.MALFORMED,
          "envelope (" + envelopeBytes.length + " bytes) is not a SignedEnvelope: " + e.getMessage());
    }
    return verify(envelope, lastAppliedVersion);
  }

  @Override
  public Verification verify(SignedEnvelope envelope, long lastAppliedVersion) {
    Objects.requireNonNull(envelope, "envelope");
    Optional<Verification> shapeProblem = checkShape(envelope);
    if (shapeProblem.isPresent()) {
      return shapeProblem.get();
    }
    KeyId keyId = new KeyId(envelope.getKeyId());
    Ed25519PublicKey key = trustedKeys.get(keyId);
    if (key == null) {
      return rejected(
          RejectReason.UNKNOWN_KEY,
          "keyId " + keyId + " is not one of the " + trustedKeys.size() + " pinned hub keys");
    }
    byte[] signedBytes = Pae.encode(envelope.getPayloadType(), envelope.getPayload().toByteArray());
    if (!key.verify(signedBytes, envelope.getSignature().toByteArray())) {
      return rejected(
          RejectReason.BAD_SIGNATURE,
          "signature does not verify over the payload with pinned key " + keyId);
    }
    // Only from here on are payload bytes trusted enough to reach a parser.
    ClusterConfig config;
    try {
      config = parser.parse(envelope.getPayload());
    } catch (InvalidProtocolBufferException e) {
      return rejected(
          RejectReason.MALFORMED_PAYLOAD, "payload is not a ClusterConfig: " + e.getMessage());
    }
    return checkConfig(config, lastAppliedVersion);
  }

  private static Optional<Verification> checkShape(SignedEnvelope envelope) {
    String payloadType = envelope.getPayloadType();
    if (payloadType.isEmpty()) {
      return Optional.of(rejected(RejectReason.MALFORMED, "payloadType is missing"));
    }
    if (!payloadType.equals(PayloadTypes.CLUSTER_CONFIG)) {
      return Optional.of(
          rejected(
              RejectReason.WRONG_PAYLOAD_TYPE,
              "payloadType " + Printable.quote(payloadType) + " is not "
                  + PayloadTypes.CLUSTER_CONFIG));
    }
    String keyId = envelope.getKeyId();
    if (keyId.isEmpty()) {
      return Optional.of(rejected(RejectReason.MALFORMED, "keyId is missing"));
    }
    if (!KeyId.isWellFormed(keyId)) {
      return Optional.of(
          rejected(
              RejectReason.MALFORMED,
              "keyId " + Printable.quote(keyId) + " is not 64 lower-case hex digits"));
    }
    int signatureLength = envelope.getSignature().size();
    if (signatureLength == 0) {
      return Optional.of(rejected(RejectReason.MALFORMED, "signature is missing"));
    }
    if (signatureLength != SIGNATURE_LENGTH) {
      return Optional.of(
          rejected(
              RejectReason.MALFORMED,
              "signature is " + signatureLength + " bytes, an Ed25519 signature is "
                  + SIGNATURE_LENGTH));
    }
    return Optional.empty();
  }

  private Verification checkConfig(ClusterConfig config, long lastAppliedVersion) {
    if (!config.getCluster().equals(clusterName)) {
      return rejected(
          RejectReason.WRONG_CLUSTER,
          "cluster " + Printable.quote(config.getCluster()) + " is not this cluster "
              + Printable.quote(clusterName));
    }
    // Versions are uint64 on the wire.
    long version = config.getVersion();
    if (version == 0) {
      return rejected(RejectReason.MALFORMED_PAYLOAD, "version is missing (0); versions start at 1");
    }
    int order = Long.compareUnsigned(version, lastAppliedVersion);
    if (order < 0) {
      return rejected(
          RejectReason.ROLLBACK,
          "version " + Long.toUnsignedString(version) + " is lower than the last applied version "
              + Long.toUnsignedString(lastAppliedVersion));
    }
    if (order == 0) {
      return Verification.alreadyApplied(version);
    }
    return checkValidity(config).orElseGet(() -> Verification.accepted(config));
  }

  private Optional<Verification> checkValidity(ClusterConfig config) {
    Optional<Verification> missing =
        checkTimestamp("issuedAt", config.hasIssuedAt(), config.getIssuedAt())
            .or(() -> checkTimestamp("expiresAt", config.hasExpiresAt(), config.getExpiresAt()));
    if (missing.isPresent()) {
      return missing;
    }
    Instant issuedAt = toInstant(config.getIssuedAt());
    Instant expiresAt = toInstant(config.getExpiresAt());
    if (expiresAt.isBefore(issuedAt)) {
      return Optional.of(
          rejected(
              RejectReason.MALFORMED_PAYLOAD,
              "expiresAt " + expiresAt + " is before issuedAt " + issuedAt));
    }
    Instant now = clock.instant();
    // Comparing durations rather than shifting instants cannot overflow, whatever the skew.
    if (Duration.between(expiresAt, now).compareTo(clockSkew) > 0) {
      return Optional.of(
          rejected(
              RejectReason.EXPIRED,
              "expiresAt " + expiresAt + " has passed (now " + now + ", clock skew allowed "
                  + clockSkew + ")"));
    }
    if (Duration.between(now, issuedAt).compareTo(clockSkew) > 0) {
      return Optional.of(
          rejected(
              RejectReason.NOT_YET_VALID,
              "issuedAt " + issuedAt + " is in the future (now " + now + ", clock skew allowed "
                  + clockSkew + ")"));
    }
    return Optional.empty();
  }

  private static Optional<Verification> checkTimestamp(
      String field, boolean present, Timestamp value) {
    if (!present) {
      return Optional.of(rejected(RejectReason.MALFORMED_PAYLOAD, field + " is missing"));
    }
    if (!Timestamps.isValid(value)) {
      return Optional.of(
          rejected(
              RejectReason.MALFORMED_PAYLOAD,
              field + " is not a valid timestamp (seconds " + value.getSeconds() + ", nanos "
                  + value.getNanos() + ")"));
    }
    return Optional.empty();
  }

  private static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  @Override
  public String toString() {
    return "PinnedKeyConfigVerifier[cluster=" + clusterName + ", pinnedKeys=" + trustedKeys.keySet()
        + ", clockSkew=" + clockSkew + "]";
  }
}

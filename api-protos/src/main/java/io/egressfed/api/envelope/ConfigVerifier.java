package io.egressfed.api.envelope;

import io.egressfed.api.v1alpha1.SignedEnvelope;

/**
 * Decides whether a pushed config envelope may be applied (agent side). Implementations are
 * thread-safe and never throw for bad input: every problem becomes a {@link Verification.Rejected}.
 */
public interface ConfigVerifier {

  /**
   * Verifies an envelope: authenticity first, and only then the config's contents.
   *
   * @param envelope the envelope as received
   * @param lastAppliedVersion the config version this cluster last applied, 0 if none
   * @return accepted with the config, already applied, or rejected with a reason
   */
  Verification verify(SignedEnvelope envelope, long lastAppliedVersion);

  /**
   * Verifies an envelope that arrives as serialized bytes; bytes that are not a SignedEnvelope
   * (truncated, garbled) are rejected as {@link RejectReason#MALFORMED}.
   *
   * @param envelopeBytes the serialized SignedEnvelope
   * @param lastAppliedVersion the config version this cluster last applied, 0 if none
   * @return accepted with the config, already applied, or rejected with a reason
   */
  Verification verify(byte[] envelopeBytes, long lastAppliedVersion);
}

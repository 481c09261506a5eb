package io.egressfed.api.envelope;

/**
 * Why a {@link ConfigVerifier} rejected an envelope, in the order the checks run. The first four
 * are decided before any payload byte is parsed.
 */
public enum RejectReason {
  /** The envelope container is not well-formed: unparseable, or a field missing or of the wrong shape. */
  MALFORMED,
  /** The envelope carries something other than a {@link PayloadTypes#CLUSTER_CONFIG}. */
  WRONG_PAYLOAD_TYPE,
  /** The envelope names a key that is not pinned on this agent. */
  UNKNOWN_KEY,
  /** The signature does not verify over the payload type and payload with the named key. */
  BAD_SIGNATURE,
  /** The signed payload is not a usable ClusterConfig (unparseable, or a required field missing). */
  MALFORMED_PAYLOAD,
  /** The config was issued for another cluster. */
  WRONG_CLUSTER,
  /** The config's version is lower than the version this cluster last applied. */
  ROLLBACK,
  /** The config's expiry, plus the allowed clock skew, has passed. */
  EXPIRED,
  /** The config was issued further in the future than the allowed clock skew. */
  NOT_YET_VALID
}

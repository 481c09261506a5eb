package io.egressfed.api.envelope;

import io.egressfed.api.v1alpha1.ClusterConfig;
import java.util.Objects;

/**
 * The outcome of verifying one envelope: {@link Accepted}, {@link AlreadyApplied} or {@link Rejected}.
 * Immutable.
 */
public sealed interface Verification
    permits Verification.Accepted, Verification.AlreadyApplied, Verification.Rejected {

  /**
   * The envelope is authentic, for this cluster, newer than the last applied version and valid now.
   *
   * @param config the verified config, to apply
   */
  record Accepted(ClusterConfig config) implements Verification {
    /** Requires a config. */
    public Accepted {
      Objects.requireNonNull(config, "config");
    }
  }

  /**
   * The envelope is authentic and for this cluster, and its version is the one already applied:
   * nothing to do, and not an error (a resync or a duplicate push).
   *
   * @param version the config version, equal to the last applied one
   */
  record AlreadyApplied(long version) implements Verification {}

  /**
   * The envelope must not be applied.
   *
   * @param reason the failed check
   * @param message what was wrong, naming the offending value (never key material)
   */
  record Rejected(RejectReason reason, String message) implements Verification {
    /** Requires a reason and a message. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * An accepted config.
   *
   * @param config the verified config
   * @return the outcome
   */
  static Accepted accepted(ClusterConfig config) {
    return new Accepted(config);
  }

  /**
   * An authentic config whose version is the one already applied.
   *
   * @param version the version
   * @return the outcome
   */
  static AlreadyApplied alreadyApplied(long version) {
    return new AlreadyApplied(version);
  }

  /**
   * A rejection.
   *
   * @param reason the failed check
   * @param message what was wrong, naming the offending value
   * @return the outcome
   */
  static Rejected rejected(RejectReason reason, String message) {
    return new Rejected(reason, message);
  }
}

package io.egressfed.api.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * When an agent renews its client certificate: once a fixed fraction of the certificate's validity
 * has elapsed (half-life by default), leaving the other half to retry through hub outages.
 *
 * @param lifetimeFraction the elapsed fraction of {@code notAfter - notBefore} after which to renew,
 *     strictly between 0 and 1
 */
public record RenewalPolicy(double lifetimeFraction) {

    /** Renew at half of the validity period. */
    public static final RenewalPolicy HALF_LIFE = new RenewalPolicy(0.5);

    /**
     * Validates the fraction.
     *
     * @throws IllegalArgumentException when it is not strictly between 0 and 1
     */
    public RenewalPolicy {
        if (!(lifetimeFraction > 0 && lifetimeFraction < 1)) {
            throw new IllegalArgumentException("lifetimeFraction: must be strictly between 0 and 1, got "
                    + lifetimeFraction);
        }
    }

    /**
     * Returns the instant from which a certificate should be renewed.
     *
     * @param certificate the current client certificate
     * @return {@code notBefore + (notAfter - notBefore) * lifetimeFraction}
     */
    public Instant renewAt(X509Certificate certificate) {
        return renewAt(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }

    /**
     * Returns the instant from which a certificate with this validity should be renewed.
     *
     * @param notBefore start of validity
     * @param notAfter end of validity
     * @return {@code notBefore + (notAfter - notBefore) * lifetimeFraction}
     */
    public Instant renewAt(Instant notBefore, Instant notAfter) {
        long lifetimeMillis = Duration.between(notBefore, notAfter).toMillis();
        return notBefore.plusMillis((long) (lifetimeMillis * lifetimeFraction));
    }

    /**
     * Tells whether a certificate is due for renewal.
     *
     * @param certificate the current client certificate
     * @param now the current time
     * @return true when {@code now >= renewAt(certificate)}
     */
    public boolean shouldRenew(X509Certificate certificate, Instant now) {
        return !now.isBefore(renewAt(certificate));
    }

    /**
     * Returns how long to wait before renewing, for scheduling.
     *
     * @param certificate the current client certificate
     * @param now the current time
     * @return the time until {@link #renewAt(X509Certificate)}, or zero when it has passed
     */
    public Duration delayUntilRenewal(X509Certificate certificate, Instant now) {
        Duration delay = Duration.between(now, renewAt(certificate));
        return delay.isNegative() ? Duration.ZERO : delay;
    }
}

package io.egressfed.hub.pki;

import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.v1alpha1.EnrollmentToken;

/**
 * A freshly created enrollment token: the token itself, to show the operator once, and the record to
 * store under {@code tokens/<id>}, which holds only its hash.
 *
 * <p>{@link #toString()} never shows the secret.
 *
 * @param token the whole token; never store or log {@link BootstrapToken#value()}
 * @param stored what the hub stores
 */
public record IssuedToken(BootstrapToken token, EnrollmentToken stored) {

    @Override
    public String toString() {
        return "IssuedToken[id=" + stored.getId() + ", cluster=" + stored.getCluster()
                + ", expiresAt=" + EnrollmentTokens.toInstant(stored.getExpiresAt()) + "]";
    }
}

package io.egressfed.e2e.lab.spoke;

import io.egressfed.api.pki.CaPin;
import java.util.Objects;
import java.util.Set;

/**
 * How an agent reaches and trusts its hub.
 *
 * @param address       the hub's spoke-link address, {@code host:port}
 * @param caPin         the hub CA fingerprint
 * @param signingKeyIds the pinned config-signing key ids (lower-case hex SHA-256)
 */
public record HubAccess(String address, CaPin caPin, Set<String> signingKeyIds) {

    /** Copies the set and requires one pinned key at least. */
    public HubAccess {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(caPin, "caPin");
        signingKeyIds = Set.copyOf(signingKeyIds);
        if (signingKeyIds.isEmpty()) {
            throw new IllegalArgumentException("signingKeyIds: at least one hub signing key must be pinned");
        }
    }
}

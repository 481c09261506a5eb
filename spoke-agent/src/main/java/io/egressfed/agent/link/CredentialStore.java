package io.egressfed.agent.link;

import io.egressfed.api.pki.EnrolledCredentials;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the agent keeps its client key, certificate and the hub CA between restarts, so that it
 * enrolls only once. In a cluster this is a Secret; for local runs a directory
 * ({@link DirectoryCredentialStore}).
 */
public interface CredentialStore {

    /**
     * Reads the stored credentials.
     *
     * @return the credentials, or empty when none were ever saved
     * @throws IOException when they exist but cannot be read or do not fit together; the message names
     *     the item and the reason, never key material
     */
    Optional<EnrolledCredentials> load() throws IOException;

    /**
     * Replaces the stored credentials (after enrollment or renewal).
     *
     * @param credentials the new credentials
     * @throws IOException when they cannot be written
     */
    void save(EnrolledCredentials credentials) throws IOException;
}

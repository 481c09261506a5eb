package io.egressfed.agent.link;

import java.io.IOException;

/**
 * Persists the version of the last applied config, so that after a restart the agent still refuses
 * older configs (rollback) and tells the hub where to resume. In a cluster this is a ConfigMap; for
 * local runs a file ({@link FileAppliedVersionStore}).
 */
public interface AppliedVersionStore {

    /**
     * Reads the last applied version.
     *
     * @return the version, 0 when nothing was ever applied
     * @throws IOException when it exists but cannot be read or parsed
     */
    long load() throws IOException;

    /**
     * Records a newly applied version.
     *
     * @param version the version, at least 1
     * @throws IOException when it cannot be written
     */
    void save(long version) throws IOException;
}

package io.egressfed.hub.coordinator;

import java.util.List;
import java.util.Map;

/**
 * What one coordinator pass did.
 *
 * @param publishedVersions clusters that got a new config version, and that version
 * @param deletedConfigs clusters whose config was removed because the cluster is gone
 * @param compileWarnings number of compiler warnings (details at debug level)
 */
public record PassSummary(Map<String, Long> publishedVersions, List<String> deletedConfigs, int compileWarnings) {

    /** Copies the collections. */
    public PassSummary {
        publishedVersions = Map.copyOf(publishedVersions);
        deletedConfigs = List.copyOf(deletedConfigs);
    }
}

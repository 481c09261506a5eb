package io.egressfed.hub.compile;

import io.egressfed.api.v1alpha1.ClusterConfig;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the {@link ConfigCompiler} produced. Immutable.
 *
 * @param configs one config per member cluster, keyed and sorted by cluster name; content only
 *     (version, issuedAt and expiresAt unset)
 * @param warnings what was skipped or looks wrong, sorted
 */
public record CompileResult(SortedMap<String, ClusterConfig> configs, List<CompileWarning> warnings) {

    /**
     * Copies and sorts.
     *
     * @throws NullPointerException when a component is (or contains) null
     * @throws IllegalArgumentException when a config is filed under another cluster's name
     */
    public CompileResult {
        TreeMap<String, ClusterConfig> copy = new TreeMap<>(Objects.requireNonNull(configs, "configs"));
        copy.forEach((cluster, config) -> {
            if (!Objects.requireNonNull(config, "configs[" + cluster + "]").getCluster().equals(cluster)) {
                throw new IllegalArgumentException("configs[" + cluster + "].cluster: is '" + config.getCluster()
                        + "', expected the map key");
            }
        });
        configs = Collections.unmodifiableSortedMap(copy);
        warnings = Objects.requireNonNull(warnings, "warnings").stream().sorted().toList();
    }

    /**
     * The warnings of one kind.
     *
     * @param kind the kind
     * @return the warnings of that kind, sorted
     */
    public List<CompileWarning> warnings(CompileWarning.Kind kind) {
        return warnings.stream().filter(warning -> warning.kind() == kind).toList();
    }
}

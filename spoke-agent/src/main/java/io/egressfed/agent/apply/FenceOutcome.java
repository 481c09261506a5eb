package io.egressfed.agent.apply;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The result of a fencing call.
 *
 * @param intents the intents the call concerned, now fenced (or, for unfence, enforced by the config
 *                again)
 * @param errors  reasons by intent name for objects that could not be written; empty when the cluster
 *                is in the fenced state
 */
public record FenceOutcome(Set<String> intents, Map<String, String> errors) {

    /** Copies both into sorted, unmodifiable collections. */
    public FenceOutcome {
        intents = Collections.unmodifiableSet(new TreeSet<>(intents));
        errors = Collections.unmodifiableMap(new TreeMap<>(errors));
    }

    /** @return whether every object was written */
    public boolean complete() {
        return errors.isEmpty();
    }
}

package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.hub.net.InvalidSelectorException;
import io.egressfed.hub.net.Selector;
import java.util.Optional;

/** Parses selectors of candidates (reporting problems) and of stored objects (tolerating them). */
final class SelectorRules {
    private SelectorRules() {
    }

    /** Parses the candidate's selector at {@code field}; on failure records every problem and returns empty. */
    static Optional<Selector> check(LabelSelector selector, String field, Errors errors) {
        try {
            return Optional.of(Selector.fromProto(selector));
        } catch (InvalidSelectorException invalid) {
            errors.addSelectorProblems(field, invalid);
            return Optional.empty();
        }
    }

    /**
     * Parses a stored object's selector. Stored objects were validated when written, so a failure
     * means an older hub wrote it; such a selector matches nothing rather than failing the candidate.
     */
    static Optional<Selector> lenient(LabelSelector selector) {
        try {
            return Optional.of(Selector.fromProto(selector));
        } catch (InvalidSelectorException invalid) {
            return Optional.empty();
        }
    }

    static boolean matches(Optional<Selector> selector, MemberCluster cluster) {
        return selector.map(s -> s.matches(cluster.getMetadata().getLabelsMap())).orElse(false);
    }

    /** Describes a selector for messages: its string form, or "everything" for the empty one. */
    static String describe(Selector selector) {
        return selector.isEmpty() ? "everything" : selector.toString();
    }
}

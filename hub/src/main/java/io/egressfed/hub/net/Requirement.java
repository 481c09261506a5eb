package io.egressfed.hub.net;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One term of a label selector, with Kubernetes semantics: {@code In} needs the key with one of the
 * values, {@code NotIn} matches when the key is absent or has none of the values, {@code Exists} and
 * {@code DoesNotExist} test the key only.
 *
 * @param key      the label key (a qualified name)
 * @param operator how the label is tested
 * @param values   sorted distinct values; at least one for In/NotIn, none for Exists/DoesNotExist
 */
public record Requirement(String key, Operator operator, List<String> values) {

    /** The four operators of {@code LabelSelectorRequirement}, spelled as in manifests. */
    public enum Operator {
        IN("In"),
        NOT_IN("NotIn"),
        EXISTS("Exists"),
        DOES_NOT_EXIST("DoesNotExist");

        private final String manifestName;

        Operator(String manifestName) {
            this.manifestName = manifestName;
        }

        /** Returns the manifest spelling, e.g. "NotIn". */
        public String manifestName() {
            return manifestName;
        }

        /** Returns true for In and NotIn, which take values. */
        public boolean takesValues() {
            return this == IN || this == NOT_IN;
        }

        /** Returns the operator with this exact manifest spelling (case-sensitive, as in Kubernetes). */
        public static Optional<Operator> fromManifestName(String name) {
            for (Operator operator : values()) {
                if (operator.manifestName.equals(name)) {
                    return Optional.of(operator);
                }
            }
            return Optional.empty();
        }
    }

    /** Sorts and de-duplicates the values and checks their count against the operator. */
    public Requirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(new TreeSet<>(values));
        if (operator.takesValues() && values.isEmpty()) {
            throw new IllegalArgumentException(operator.manifestName() + " needs at least one value");
        }
        if (!operator.takesValues() && !values.isEmpty()) {
            throw new IllegalArgumentException(operator.manifestName() + " takes no values");
        }
    }

    /** Returns true when the labels satisfy this requirement. */
    public boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        return switch (operator) {
            case IN -> value != null && values.contains(value);
            case NOT_IN -> value == null || !values.contains(value);
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
        };
    }

    /** Returns the string form: "k=v", "k!=v", "k in (a,b)", "k notin (a,b)", "k" or "!k". */
    @Override
    public String toString() {
        return switch (operator) {
            case IN -> values.size() == 1 ? key + "=" + values.get(0) : key + " in (" + String.join(",", values) + ")";
            case NOT_IN -> values.size() == 1
                    ? key + "!=" + values.get(0)
                    : key + " notin (" + String.join(",", values) + ")";
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
        };
    }
}

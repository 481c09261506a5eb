package io.egressfed.hub.net;

import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A parsed Kubernetes label selector: the AND of its requirements. The empty selector matches every
 * label set. {@code matchLabels} entries become {@code In} requirements with one value, exactly as
 * Kubernetes treats them.
 *
 * @param requirements the terms, all of which must match
 */
public record Selector(List<Requirement> requirements) {
    private static final Selector EVERYTHING = new Selector(List.of());

    /** Copies the requirements. */
    public Selector {
        requirements = List.copyOf(Objects.requireNonNull(requirements, "requirements"));
    }

    /** Returns the empty selector, which matches every label set. */
    public static Selector everything() {
        return EVERYTHING;
    }

    /**
     * Parses a {@code LabelSelector} message, checking keys, values and operators.
     *
     * @throws InvalidSelectorException listing every problem with its path relative to the selector
     */
    public static Selector fromProto(LabelSelector selector) {
        List<InvalidSelectorException.Problem> problems = new ArrayList<>();
        List<Requirement> requirements = new ArrayList<>();
        // Sorted so that problems and the string form do not depend on map iteration order.
        new TreeMap<>(selector.getMatchLabelsMap()).forEach((key, value) -> {
            Optional<String> problem = K8sNames.qualifiedNameProblem(key).or(() -> K8sNames.labelValueProblem(value));
            problem.ifPresentOrElse(
                    reason -> problems.add(new InvalidSelectorException.Problem("matchLabels", reason)),
                    () -> requirements.add(new Requirement(key, Requirement.Operator.IN, List.of(value))));
        });
        for (int i = 0; i < selector.getMatchExpressionsCount(); i++) {
            String path = "matchExpressions[" + i + "]";
            fromProto(selector.getMatchExpressions(i), path, problems).ifPresent(requirements::add);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSelectorException(problems);
        }
        return new Selector(requirements);
    }

    /**
     * Parses the string form used by {@code ListRequest.label_selector} and kubectl, e.g.
     * {@code "a=b,c!=d,e in (x,y),!f,g"}. The empty string selects everything.
     *
     * @throws InvalidSelectorException naming the position and the reason
     */
    public static Selector parse(String text) {
        return new SelectorParser(text).parse();
    }

    /** Returns true when the labels satisfy every requirement. */
    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    /** Returns true for the selector that matches everything. */
    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** Returns the string form, which {@link #parse} reads back to an equal selector. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    private static Optional<Requirement> fromProto(
            LabelSelectorRequirement expression, String path, List<InvalidSelectorException.Problem> problems) {
        int before = problems.size();
        K8sNames.qualifiedNameProblem(expression.getKey())
                .ifPresent(reason -> problems.add(new InvalidSelectorException.Problem(path + ".key", reason)));
        Optional<Requirement.Operator> operator = Requirement.Operator.fromManifestName(expression.getOperator());
        if (operator.isEmpty()) {
            problems.add(new InvalidSelectorException.Problem(path + ".operator",
                    (expression.getOperator().isEmpty() ? "required" : "unknown operator \"" + expression.getOperator() + "\"")
                            + "; one of In, NotIn, Exists, DoesNotExist"));
        } else if (operator.get().takesValues() && expression.getValuesCount() == 0) {
            problems.add(new InvalidSelectorException.Problem(path + ".values",
                    operator.get().manifestName() + " needs at least one value"));
        } else if (!operator.get().takesValues() && expression.getValuesCount() > 0) {
            problems.add(new InvalidSelectorException.Problem(path + ".values",
                    operator.get().manifestName() + " takes no values"));
        }
        for (int v = 0; v < expression.getValuesCount(); v++) {
            String valuePath = path + ".values[" + v + "]";
            K8sNames.labelValueProblem(expression.getValues(v))
                    .ifPresent(reason -> problems.add(new InvalidSelectorException.Problem(valuePath, reason)));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Requirement(expression.getKey(), operator.get(), expression.getValuesList()));
    }
}

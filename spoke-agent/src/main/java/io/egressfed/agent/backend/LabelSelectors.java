package io.egressfed.agent.backend;

import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The config's label selectors, evaluated locally and translated into Kubernetes shapes. */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /**
     * Whether {@code labels} satisfy {@code selector} with Kubernetes semantics (an empty selector
     * matches everything; unknown operators match nothing).
     *
     * @param selector the selector
     * @param labels   an object's labels (null for none)
     * @return true on a match
     */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> actual = labels == null ? Map.of() : labels;
        for (Map.Entry<String, String> wanted : selector.getMatchLabelsMap().entrySet()) {
            if (!wanted.getValue().equals(actual.get(wanted.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressionsList()) {
            if (!satisfies(requirement, actual)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the selector has neither labels nor expressions, i.e. selects everything.
     *
     * @param selector the selector
     * @return true when empty
     */
    public static boolean isEmpty(LabelSelector selector) {
        return selector.getMatchLabelsCount() == 0 && selector.getMatchExpressionsCount() == 0;
    }

    /**
     * The selector as the JSON object of a Kubernetes {@code LabelSelector}, with keys in a stable
     * order and empty parts left out ({@code {}} for an empty selector).
     *
     * @param selector the selector
     * @return a map of plain JSON values
     */
    public static Map<String, Object> toJson(LabelSelector selector) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (selector.getMatchLabelsCount() > 0) {
            json.put("matchLabels", new TreeMap<>(selector.getMatchLabelsMap()));
        }
        if (selector.getMatchExpressionsCount() > 0) {
            List<Object> expressions = new ArrayList<>();
            for (LabelSelectorRequirement requirement : selector.getMatchExpressionsList()) {
                Map<String, Object> expression = new LinkedHashMap<>();
                expression.put("key", requirement.getKey());
                expression.put("operator", requirement.getOperator());
                if (requirement.getValuesCount() > 0) {
                    expression.put("values", List.copyOf(requirement.getValuesList()));
                }
                expressions.add(expression);
            }
            json.put("matchExpressions", expressions);
        }
        return json;
    }

    /**
     * The selector as a fabric8 model object, for server-side list filtering.
     *
     * @param selector the selector
     * @return the equivalent Kubernetes selector
     */
    public static io.fabric8.kubernetes.api.model.LabelSelector toModel(LabelSelector selector) {
        LabelSelectorBuilder builder = new LabelSelectorBuilder().withMatchLabels(selector.getMatchLabelsMap());
        for (LabelSelectorRequirement requirement : selector.getMatchExpressionsList()) {
            builder.addToMatchExpressions(new LabelSelectorRequirementBuilder()
                    .withKey(requirement.getKey())
                    .withOperator(requirement.getOperator())
                    .withValues(requirement.getValuesList())
                    .build());
        }
        return builder.build();
    }

    private static boolean satisfies(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        return switch (requirement.getOperator()) {
            case "In" -> value != null && requirement.getValuesList().contains(value);
            case "NotIn" -> value == null || !requirement.getValuesList().contains(value);
            case "Exists" -> labels.containsKey(requirement.getKey());
            case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
            default -> false;
        };
    }
}

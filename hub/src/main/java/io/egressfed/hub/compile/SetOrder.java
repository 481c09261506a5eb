package io.egressfed.hub.compile;

import io.egressfed.api.v1alpha1.GatewaySpec;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Puts the repeated fields that mean sets into one order (sorted by {@link String#compareTo},
 * duplicates removed), so that a config's bytes depend on what a user meant, not on how the list
 * happened to be written. Entries are kept verbatim otherwise: normalizing their spelling (e.g. of a
 * CIDR) is validation's job, not the compiler's.
 *
 * <p>Sets: CIDRs and ports of a destination, the requirements of a label selector (they are ANDed)
 * and the values of one requirement. Map fields need nothing here: {@link ConfigBytes} serializes
 * them sorted by key.
 */
final class SetOrder {

    private static final Comparator<LabelSelectorRequirement> REQUIREMENT_ORDER =
            Comparator.comparing(LabelSelectorRequirement::getKey)
                    .thenComparing(LabelSelectorRequirement::getOperator)
                    .thenComparing(requirement -> requirement.getValuesList(), SetOrder::compareLists);

    private SetOrder() {
    }

    static List<String> sorted(Collection<String> set) {
        return set.stream().distinct().sorted().toList();
    }

    static WorkloadSelector workloads(WorkloadSelector workloads) {
        WorkloadSelector.Builder builder = workloads.toBuilder();
        if (workloads.hasNamespaceSelector()) {
            builder.setNamespaceSelector(selector(workloads.getNamespaceSelector()));
        }
        if (workloads.hasPodSelector()) {
            builder.setPodSelector(selector(workloads.getPodSelector()));
        }
        return builder.build();
    }

    static GatewaySpec gateway(GatewaySpec gateway) {
        return gateway.hasNodeSelector()
                ? gateway.toBuilder().setNodeSelector(selector(gateway.getNodeSelector())).build()
                : gateway;
    }

    static LabelSelector selector(LabelSelector selector) {
        List<LabelSelectorRequirement> requirements = selector.getMatchExpressionsList().stream()
                .map(requirement -> requirement.toBuilder()
                        .clearValues()
                        .addAllValues(sorted(requirement.getValuesList()))
                        .build())
                .distinct()
                .sorted(REQUIREMENT_ORDER)
                .toList();
        return selector.toBuilder().clearMatchExpressions().addAllMatchExpressions(requirements).build();
    }

    private static int compareLists(List<String> left, List<String> right) {
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int order = left.get(i).compareTo(right.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}

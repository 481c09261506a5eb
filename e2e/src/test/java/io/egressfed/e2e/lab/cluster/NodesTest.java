package io.egressfed.e2e.lab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodesTest {

    private static final Map<String, String> GATEWAY = Map.of("egress-gateway", "true", "zone", "a");

    @Test
    void matchLabelsAndExpressionsMustAllHold() {
        assertThat(Nodes.matches(new LabelSelectorBuilder().withMatchLabels(Map.of("egress-gateway", "true")).build(),
                GATEWAY)).isTrue();
        assertThat(Nodes.matches(selector("zone", "In", "a", "b"), GATEWAY)).isTrue();
        assertThat(Nodes.matches(selector("zone", "NotIn", "a"), GATEWAY)).isFalse();
        assertThat(Nodes.matches(selector("zone", "Exists"), GATEWAY)).isTrue();
        assertThat(Nodes.matches(selector("node.kubernetes.io/exclude-from-external-load-balancers", "DoesNotExist"),
                GATEWAY)).isTrue();
        assertThat(Nodes.matches(new LabelSelectorBuilder().withMatchLabels(Map.of("egress-gateway", "true"))
                .addNewMatchExpression().withKey("zone").withOperator("In").withValues("b").endMatchExpression()
                .build(), GATEWAY)).isFalse();
    }

    @Test
    void emptySelectorMatchesEverythingAndNullOrUnknownOperatorsNothing() {
        assertThat(Nodes.matches(new LabelSelector(), Map.of())).isTrue();
        assertThat(Nodes.matches(null, GATEWAY)).isFalse();
        assertThat(Nodes.matches(selector("zone", "Gt", "1"), GATEWAY)).isFalse();
    }

    private static LabelSelector selector(String key, String operator, String... values) {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator)
                .withValues(values).endMatchExpression().build();
    }
}

package io.egressfed.hub.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorTest {
    private static final Map<String, String> EU_PROD = Map.of("region", "eu", "tier", "prod", "zone", "a");

    private static LabelSelectorRequirement expression(String key, String operator, String... values) {
        return LabelSelectorRequirement.newBuilder().setKey(key).setOperator(operator).addAllValues(List.of(values)).build();
    }

    @Test
    void emptySelectorMatchesEverything() {
        Selector selector = Selector.fromProto(LabelSelector.getDefaultInstance());

        assertThat(selector.isEmpty()).isTrue();
        assertThat(selector.matches(Map.of())).isTrue();
        assertThat(selector.matches(EU_PROD)).isTrue();
        assertThat(Selector.parse("  ")).isEqualTo(Selector.everything());
    }

    @Test
    void matchLabelsAndMatchExpressionsMustAllHold() {
        Selector selector = Selector.fromProto(LabelSelector.newBuilder()
                .putMatchLabels("region", "eu")
                .addMatchExpressions(expression("tier", "In", "prod", "staging"))
                .addMatchExpressions(expression("legacy", "DoesNotExist"))
                .build());

        assertThat(selector.matches(EU_PROD)).isTrue();
        assertThat(selector.matches(Map.of("region", "us", "tier", "prod"))).isFalse();
        assertThat(selector.matches(Map.of("region", "eu", "tier", "dev"))).isFalse();
        assertThat(selector.matches(Map.of("region", "eu", "tier", "prod", "legacy", ""))).isFalse();
    }

    @Test
    void notInMatchesWhenTheKeyIsAbsentAndExistsTestsOnlyTheKey() {
        Selector notIn = Selector.fromProto(LabelSelector.newBuilder()
                .addMatchExpressions(expression("tier", "NotIn", "dev")).build());
        Selector exists = Selector.fromProto(LabelSelector.newBuilder()
                .addMatchExpressions(expression("tier", "Exists")).build());

        assertThat(notIn.matches(Map.of())).isTrue();
        assertThat(notIn.matches(Map.of("tier", "dev"))).isFalse();
        assertThat(exists.matches(Map.of("tier", ""))).isTrue();
        assertThat(exists.matches(Map.of("other", "x"))).isFalse();
    }

    @Test
    void reportsEveryProblemOfAProtoSelectorWithItsPath() {
        LabelSelector bad = LabelSelector.newBuilder()
                .putMatchLabels("-bad", "x")
                .putMatchLabels("ok", "not ok")
                .addMatchExpressions(expression("tier", "in", "prod"))
                .addMatchExpressions(expression("tier", "In"))
                .addMatchExpressions(expression("tier", "Exists", "prod"))
                .addMatchExpressions(expression("example.com/", "Exists"))
                .addMatchExpressions(expression("tier", "NotIn", "a".repeat(64)))
                .addMatchExpressions(expression("tier", ""))
                .build();

        assertThatThrownBy(() -> Selector.fromProto(bad))
                .asInstanceOf(InstanceOfAssertFactories.type(InvalidSelectorException.class))
                .extracting(InvalidSelectorException::problems)
                .asInstanceOf(InstanceOfAssertFactories.list(InvalidSelectorException.Problem.class))
                .extracting(InvalidSelectorException.Problem::path)
                .containsExactly("matchLabels", "matchLabels", "matchExpressions[0].operator",
                        "matchExpressions[1].values", "matchExpressions[2].values", "matchExpressions[3].key",
                        "matchExpressions[4].values[0]", "matchExpressions[5].operator");
        assertThatThrownBy(() -> Selector.fromProto(bad))
                .hasMessageContaining("matchExpressions[0].operator: unknown operator \"in\"; one of In, NotIn, Exists, DoesNotExist")
                .hasMessageContaining("matchExpressions[1].values: In needs at least one value")
                .hasMessageContaining("matchExpressions[2].values: Exists takes no values")
                .hasMessageContaining("key \"example.com/\" has an empty name part")
                .hasMessageContaining("is longer than 63 characters")
                .hasMessageContaining("matchExpressions[5].operator: required");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "a=b                          | a=b",
            "a==b                         | a=b",
            "a!=b                         | a!=b",
            "a=                           | a=",
            "  region = eu ,  tier!=dev   | region=eu,tier!=dev",
            "e in (y, x)                  | e in (x,y)",
            "e notin (x)                  | e!=x",
            "!f                           | !f",
            "g                            | g",
            "a=b,c!=d,e in (x,y),!f,g     | a=b,c!=d,e in (x,y),!f,g",
            "example.com/team=payments    | example.com/team=payments",
            "a in (in, notin)             | a in (in,notin)",
    })
    void parsesTheStringFormAndPrintsItBack(String text, String canonical) {
        Selector selector = Selector.parse(text);

        assertThat(selector).hasToString(canonical);
        assertThat(Selector.parse(selector.toString())).isEqualTo(selector);
    }

    @Test
    void stringFormHasKubernetesSemantics() {
        Selector selector = Selector.parse("region=eu,tier notin (dev,test),!legacy,zone");

        assertThat(selector.matches(EU_PROD)).isTrue();
        assertThat(selector.matches(Map.of("region", "eu", "zone", "b"))).isTrue();
        assertThat(selector.matches(Map.of("region", "eu", "tier", "dev", "zone", "a"))).isFalse();
        assertThat(selector.matches(Map.of("region", "eu", "tier", "prod"))).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
            "a=b,                 | position 4: expected a label key, found end of input",
            ",a                   | position 0: expected a label key, found \",\"",
            "a b                  | position 2: expected '=', '!=', 'in', 'notin', ',' or end of input after key, found \"b\"",
            "a in x               | position 5: expected '(' after \"in\", found \"x\"",
            "a in (x              | expected ',' or ')' in value list, found end of input",
            "a in ()              | \"a in ()\" needs at least one value",
            "a notin ()           | \"a notin ()\" needs at least one value",
            "a=b=c                | position 3: expected ',' or end of input, found \"=\"",
            "!                    | expected a label key, found end of input",
            "a=(b)                | expected a label value, found \"(\"",
            "-a=b                 | key \"-a\" is not a qualified name",
            "a=-b                 | value \"-b\" is not a label value",
            "a in (x,-y)          | value \"-y\" is not a label value",
            "in=b                 | expected a label key, found \"in\"",
    })
    void rejectsMalformedStringsWithPositionAndReason(String text, String reason) {
        assertThatThrownBy(() -> Selector.parse(text))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void reportsAllKeyAndValueProblemsOfAString() {
        assertThatThrownBy(() -> Selector.parse("-a=b,c=-d"))
                .asInstanceOf(InstanceOfAssertFactories.type(InvalidSelectorException.class))
                .extracting(e -> e.problems().size())
                .isEqualTo(2);
    }

    @ParameterizedTest(name = "key \"{0}\"")
    @CsvSource({
            "app", "app.kubernetes.io/name", "A_b-c.D", "egressfed.io/intent", "a",
    })
    void acceptsKubernetesQualifiedNames(String key) {
        assertThat(K8sNames.qualifiedNameProblem(key)).isEmpty();
    }

    @ParameterizedTest(name = "key \"{0}\"")
    @CsvSource({
            "-app", "app-", "Example.com/app", "a/b/c", "/app", "app name", "_app",
    })
    void rejectsKeysThatAreNotQualifiedNames(String key) {
        assertThat(K8sNames.qualifiedNameProblem(key)).isPresent();
    }
}

package io.egressfed.testsupport.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The exposition parser accepts what Prometheus accepts and names the line of what it does not. */
class PrometheusTextTest {

    private static final String VALID = """
            # HELP egressfed_config_nacks_total Configs refused by agents
            # TYPE egressfed_config_nacks_total counter
            egressfed_config_nacks_total{cluster="eu-west-1"} 2.0
            egressfed_config_nacks_total{cluster="eu \\"north\\"\\n1"} 0.0 1700000000000
            # TYPE egressfed_connected_agents gauge
            egressfed_connected_agents 3
            # TYPE egressfed_push_seconds histogram
            egressfed_push_seconds_bucket{le="0.1"} 1
            egressfed_push_seconds_bucket{le="1.0"} 3
            egressfed_push_seconds_bucket{le="+Inf"} 4
            egressfed_push_seconds_count 4
            egressfed_push_seconds_sum 2.5
            """;

    @Test
    void parsesFamiliesTypesLabelsAndValues() {
        Map<String, MetricFamily> families = PrometheusText.parse(VALID);

        assertThat(families).containsOnlyKeys("egressfed_config_nacks_total", "egressfed_connected_agents",
                "egressfed_push_seconds");
        MetricFamily nacks = families.get("egressfed_config_nacks_total");
        assertThat(nacks.type()).isEqualTo("counter");
        assertThat(nacks.help()).isEqualTo("Configs refused by agents");
        assertThat(nacks.value("egressfed_config_nacks_total", Map.of("cluster", "eu-west-1"))).hasValue(2.0);
        assertThat(nacks.value("egressfed_config_nacks_total", Map.of("cluster", "eu \"north\"\n1"))).hasValue(0.0);
        assertThat(families.get("egressfed_connected_agents").value("egressfed_connected_agents", Map.of()))
                .hasValue(3.0);
        assertThat(families.get("egressfed_push_seconds").samples()).hasSize(5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad metric name|9metric 1|bad metric name",
        "unquoted label|m{a=b} 1|not quoted",
        "bad label name|m{a-b=\"x\"} 1|bad label name",
        "unterminated labels|m{a=\"x\" 1|unterminated",
        "no value|m{a=\"x\"}|no value",
        "bad value|m 1,5|bad value",
        "bad escape|m{a=\"\\t\"} 1|bad escape",
        "duplicate series|m 1\\nm 2|duplicate series",
        "second TYPE|# TYPE m gauge\\n# TYPE m counter|second TYPE",
        "TYPE after samples|m 1\\n# TYPE m gauge|after its samples",
        "interleaved families|a 1\\nb 1\\na{x=\"1\"} 1|not contiguous",
        "bad type|# TYPE m meter|bad TYPE",
        "histogram without +Inf|# TYPE h histogram\\nh_bucket{le=\"1\"} 1\\nh_count 1\\nh_sum 1|no +Inf",
        "histogram not cumulative|# TYPE h histogram\\nh_bucket{le=\"1\"} 2\\nh_bucket{le=\"+Inf\"} 1\\nh_count 1\\nh_sum 1|not cumulative",
        "histogram count mismatch|# TYPE h histogram\\nh_bucket{le=\"+Inf\"} 2\\nh_count 1\\nh_sum 1|_count differs",
        "histogram without sum|# TYPE h histogram\\nh_bucket{le=\"+Inf\"} 1\\nh_count 1|_sum missing",
    })
    void refusesWhatAScraperWouldRefuse(String description, String text, String problem) {
        assertThatThrownBy(() -> PrometheusText.parse(text.replace("\\n", "\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }
}

package io.egressfed.e2e.lab.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsolePrinterTest {

    @Test
    void addressesCollapseIntoRunsPerFamily() {
        assertThat(ConsolePrinter.addresses(List.of("198.51.100.3", "198.51.100.1", "198.51.100.2", "198.51.100.10",
                "2001:db8:100::2", "2001:db8:100::1")))
                .isEqualTo("198.51.100.1-198.51.100.3, 198.51.100.10, 2001:db8:100::1-2001:db8:100::2");
    }

    @Test
    void tablesAlignColumnsAndRefuseRaggedRows() {
        List<String> lines = new TextTable("A", "LONGER", "LAST").row("wide cell", "x", "tail").render("  ");

        assertThat(lines).containsExactly(
                "  A          LONGER  LAST",
                "  wide cell  x       tail");
        assertThatThrownBy(() -> new TextTable("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 cells").hasMessageContaining("2 columns");
    }

    @Test
    void nodeNamesLoseTheirClusterPrefix() {
        assertThat(ConsolePrinter.shortNode("eu-west-1", "eu-west-1-node-0")).isEqualTo("node-0");
        assertThat(ConsolePrinter.shortNode("eu-west-1", "other-node")).isEqualTo("other-node");
    }
}

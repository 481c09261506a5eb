package io.egressfed.e2e.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured: the tables it prints, the figures written to JSON, and notes on how the
 * figures were taken (or why something was not measured).
 *
 * @param name the scenario's name, e.g. {@code propagation}
 * @param tables the printed tables
 * @param figures the measured figures by name, for the JSON report (numbers, strings, records)
 * @param notes sentences printed under the tables
 */
public record ScenarioReport(String name, List<ResultTable> tables, Map<String, Object> figures, List<String> notes) {

    /** Copies the collections, keeping the figures' order. */
    public ScenarioReport {
        tables = List.copyOf(tables);
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        notes = List.copyOf(notes);
    }
}

package io.egressfed.e2e.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One printed table of a scenario: a title, column headers and rows of cells.
 *
 * @param title what the table shows
 * @param headers the column headers
 * @param rows the rows, each with one cell per header
 */
public record ResultTable(String title, List<String> headers, List<List<String>> rows) {

    /** Copies the lists and checks every row's width. */
    public ResultTable {
        headers = List.copyOf(headers);
        rows = rows.stream().map(List::copyOf).toList();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != headers.size()) {
                throw new IllegalArgumentException("rows[" + i + "]: " + rows.get(i).size() + " cells, but "
                        + headers.size() + " headers");
            }
        }
    }

    /** Builds a table row by row. */
    public static final class Builder {
        private final String title;
        private final List<String> headers;
        private final List<List<String>> rows = new ArrayList<>();

        /**
         * @param title what the table shows
         * @param headers the column headers
         */
        public Builder(String title, String... headers) {
            this.title = title;
            this.headers = List.of(headers);
        }

        /** Adds a row. */
        public Builder row(String... cells) {
            rows.add(List.of(cells));
            return this;
        }

        /** The table. */
        public ResultTable build() {
            return new ResultTable(title, headers, rows);
        }
    }

    /** The title line and aligned rows, header first. */
    public List<String> render() {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        int[] widths = new int[headers.size()];
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(title);
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < widths.length; i++) {
                line.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length() + 2));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}

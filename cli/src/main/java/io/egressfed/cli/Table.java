package io.egressfed.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A kubectl-like table: upper-case headers, columns padded to their widest cell, three spaces apart. */
final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    Table(String... headers) {
        this(List.of(headers));
    }

    Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + headers.size()
                    + " columns");
        }
        rows.add(cells.stream().map(cell -> cell == null || cell.isEmpty() ? "<none>" : cell).toList());
        return this;
    }

    Table row(String... cells) {
        return row(List.of(cells));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out, String indent) {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < headers.size(); column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        line(out, indent, headers, widths);
        rows.forEach(row -> line(out, indent, row, widths));
    }

    void print(PrintWriter out) {
        print(out, "");
    }

    private static void line(PrintWriter out, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int column = 0; column < cells.size(); column++) {
            boolean last = column == cells.size() - 1;
            line.append(last ? cells.get(column) : pad(cells.get(column), widths[column] + 3));
        }
        out.println(line.toString().stripTrailing());
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}

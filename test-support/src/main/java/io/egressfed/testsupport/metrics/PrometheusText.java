package io.egressfed.testsupport.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests that check what a
 * scraper would accept: metric and label names, quoting and escapes, values, one TYPE per family declared
 * before its samples, samples of a family contiguous, no duplicate series, and histograms complete (a
 * {@code +Inf} bucket equal to {@code _count}, cumulative buckets, a {@code _sum}).
 */
public final class PrometheusText {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private PrometheusText() {
    }

    /**
     * Parses an exposition.
     *
     * @param text the body of a {@code /metrics} response
     * @return the families by name, in exposition order
     * @throws IllegalArgumentException naming the line number and what is wrong
     */
    public static Map<String, MetricFamily> parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, List<MetricFamily.Sample>> samples = new LinkedHashMap<>();
        Set<String> series = new HashSet<>();
        String current = null;
        Set<String> closed = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            int number = index + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && (parts[1].equals("TYPE") || parts[1].equals("HELP"))) {
                    String family = parts[2];
                    require(METRIC_NAME.matcher(family).matches(), number, "bad metric name \"" + family + "\"");
                    if (parts[1].equals("TYPE")) {
                        require(parts.length == 4 && TYPES.contains(parts[3]), number, "bad TYPE line: " + line);
                        require(!types.containsKey(family), number, "second TYPE for " + family);
                        require(!samples.containsKey(family), number, "TYPE for " + family + " after its samples");
                        types.put(family, parts[3]);
                    } else {
                        require(!helps.containsKey(family), number, "second HELP for " + family);
                        helps.put(family, parts.length == 4 ? parts[3] : "");
                    }
                }
                continue;
            }
            MetricFamily.Sample sample = sample(line, number);
            String family = familyOf(sample.name(), types);
            if (!family.equals(current)) {
                require(!closed.contains(family), number, "samples of " + family + " are not contiguous");
                if (current != null) {
                    closed.add(current);
                }
                current = family;
            }
            require(series.add(sample.name() + new TreeMap<>(sample.labels())), number,
                    "duplicate series " + sample.name() + sample.labels());
            samples.computeIfAbsent(family, name -> new ArrayList<>()).add(sample);
        }
        Map<String, MetricFamily> families = new LinkedHashMap<>();
        for (String family : union(types.keySet(), samples.keySet())) {
            MetricFamily parsed = new MetricFamily(family, types.getOrDefault(family, "untyped"),
                    helps.getOrDefault(family, ""), samples.getOrDefault(family, List.of()));
            if (parsed.type().equals("histogram")) {
                checkHistogram(parsed);
            }
            families.put(family, parsed);
        }
        return families;
    }

    private static MetricFamily.Sample sample(String line, int number) {
        int position = 0;
        while (position < line.length() && line.charAt(position) != '{' && line.charAt(position) != ' ') {
            position++;
        }
        String name = line.substring(0, position);
        require(METRIC_NAME.matcher(name).matches(), number, "bad metric name \"" + name + "\"");
        Map<String, String> labels = new LinkedHashMap<>();
        if (position < line.length() && line.charAt(position) == '{') {
            position++;
            while (true) {
                require(position < line.length(), number, "unterminated label set");
                if (line.charAt(position) == '}') {
                    position++;
                    break;
                }
                int equals = line.indexOf('=', position);
                require(equals > position, number, "label without '='");
                String label = line.substring(position, equals);
                require(LABEL_NAME.matcher(label).matches(), number, "bad label name \"" + label + "\"");
                require(equals + 1 < line.length() && line.charAt(equals + 1) == '"', number,
                        "label value of " + label + " is not quoted");
                StringBuilder value = new StringBuilder();
                position = equals + 2;
                while (true) {
                    require(position < line.length(), number, "unterminated label value of " + label);
                    char c = line.charAt(position++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        require(position < line.length(), number, "dangling escape in " + label);
                        char escaped = line.charAt(position++);
                        switch (escaped) {
                            case 'n' -> value.append('\n');
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            default -> throw new IllegalArgumentException("line " + number + ": bad escape \\"
                                    + escaped + " in label " + label);
                        }
                    } else {
                        value.append(c);
                    }
                }
                require(labels.put(label, value.toString()) == null, number, "label " + label + " given twice");
                require(position < line.length() && (line.charAt(position) == ',' || line.charAt(position) == '}'),
                        number, "unterminated label set: expected ',' or '}' after label " + label);
                if (line.charAt(position) == ',') {
                    position++;
                }
            }
        }
        require(position < line.length() && line.charAt(position) == ' ', number, "no value after " + name);
        String[] rest = line.substring(position + 1).split(" ");
        require(rest.length == 1 || rest.length == 2, number, "expected a value and an optional timestamp");
        double value = number(rest[0], number);
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException bad) {
                throw new IllegalArgumentException("line " + number + ": bad timestamp \"" + rest[1] + "\"");
            }
        }
        return new MetricFamily.Sample(name, labels, value);
    }

    private static double number(String text, int line) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException bad) {
                    throw new IllegalArgumentException("line " + line + ": bad value \"" + text + "\"");
                }
        }
    }

    private static String familyOf(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static void checkHistogram(MetricFamily family) {
        Map<Map<String, String>, List<MetricFamily.Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        Set<Map<String, String>> sums = new HashSet<>();
        for (MetricFamily.Sample sample : family.samples()) {
            if (sample.name().equals(family.name() + "_bucket")) {
                Map<String, String> series = new LinkedHashMap<>(sample.labels());
                require(series.remove("le") != null, 0, family.name() + "_bucket without le");
                buckets.computeIfAbsent(Map.copyOf(series), key -> new ArrayList<>()).add(sample);
            } else if (sample.name().equals(family.name() + "_count")) {
                counts.put(sample.labels(), sample.value());
            } else if (sample.name().equals(family.name() + "_sum")) {
                sums.add(sample.labels());
            }
        }
        for (Map.Entry<Map<String, String>, List<MetricFamily.Sample>> series : buckets.entrySet()) {
            double previous = 0;
            double previousBound = Double.NEGATIVE_INFINITY;
            MetricFamily.Sample last = null;
            for (MetricFamily.Sample bucket : series.getValue()) {
                double bound = number(bucket.labels().get("le"), 0);
                require(bound > previousBound, 0, family.name() + " buckets not in increasing le order");
                require(bucket.value() >= previous, 0, family.name() + " buckets are not cumulative");
                previous = bucket.value();
                previousBound = bound;
                last = bucket;
            }
            require(last != null && last.labels().get("le").equals("+Inf"), 0, family.name() + " has no +Inf bucket");
            require(counts.containsKey(series.getKey()) && counts.get(series.getKey()) == last.value(), 0,
                    family.name() + "_count differs from the +Inf bucket for " + series.getKey());
            require(sums.contains(series.getKey()), 0, family.name() + "_sum missing for " + series.getKey());
        }
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> all = new java.util.LinkedHashSet<>(first);
        all.addAll(second);
        return all;
    }

    private static void require(boolean condition, int line, String problem) {
        if (!condition) {
            throw new IllegalArgumentException((line > 0 ? "line " + line + ": " : "") + problem);
        }
    }
}

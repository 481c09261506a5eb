package io.egressfed.e2e.lab.demo;

import io.egressfed.e2e.lab.cluster.SimulatedNode;
import io.egressfed.e2e.lab.examples.ManifestNames;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import io.egressfed.hub.net.AddressRange;
import io.egressfed.hub.net.IpAddress;
import io.egressfed.hub.net.IpFamily;
import io.egressfed.hub.net.IpSet;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** The demo's own output: short sections, aligned tables, backend objects as YAML. Never the logger. */
final class ConsolePrinter {

    private static final List<String> SERVER_SET_METADATA = List.of("uid", "resourceVersion", "creationTimestamp",
            "generation", "managedFields");

    private final PrintStream out;
    private final Yaml yaml;

    ConsolePrinter(PrintStream out) {
        this.out = out;
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.AUTO);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(110);
        this.yaml = new Yaml(options);
    }

    void title(String title, String... lines) {
        out.println(title);
        out.println("=".repeat(title.length()));
        for (String line : lines) {
            out.println(line);
        }
        out.flush();
    }

    void section(String heading) {
        out.println();
        out.println(heading);
        out.println("-".repeat(heading.length()));
        out.flush();
    }

    void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    void table(TextTable table, String indent) {
        table.render(indent).forEach(out::println);
        out.flush();
    }

    /** One row per simulated cluster: backend, nodes, gateways and what they carry, simulators. */
    void clusters(List<LabSpoke> spokes) {
        TextTable table = new TextTable("CLUSTER", "BACKEND", "API SERVER (simulated)", "NODES", "GATEWAY NODES",
                "EGRESS IPS ON EACH GATEWAY", "KUBE-VIP");
        for (LabSpoke spoke : spokes) {
            List<SimulatedNode> gateways = spoke.cluster().seed().nodes().stream()
                    .filter(n -> !n.labels().isEmpty()).toList();
            List<String> carried = gateways.isEmpty() ? List.of() : gateways.get(0).egressIps();
            table.row(spoke.name(), ManifestNames.of(spoke.backend()), spoke.cluster().apiServerUrl(),
                    String.valueOf(spoke.cluster().seed().nodes().size()),
                    String.join(",", gateways.stream().map(n -> shortNode(spoke.name(), n.name())).toList()),
                    carried.isEmpty() ? "none (the VIP is brought up by kube-vip)" : addresses(carried),
                    spoke.kubeVip().isPresent() ? "simulated" : "-");
        }
        table(table, "  ");
    }

    /** A backend object as YAML, without the fields the API server sets. */
    void object(WrittenObject written, String indent) {
        Map<String, Object> shown = new LinkedHashMap<>();
        Object metadata = written.object().get("metadata");
        if (metadata instanceof Map<?, ?> meta) {
            Map<String, Object> kept = new LinkedHashMap<>();
            meta.forEach((key, value) -> {
                if (!SERVER_SET_METADATA.contains(String.valueOf(key)) && !"name".equals(key)) {
                    kept.put(String.valueOf(key), value);
                }
            });
            shown.put("metadata", kept);
        }
        for (String part : List.of("spec", "status")) {
            Object value = written.object().get(part);
            if (value instanceof Map<?, ?> map && !map.isEmpty()) {
                shown.put(part, value);
            }
        }
        out.println(indent + written.kind() + " " + (written.namespace().isEmpty() ? "" : written.namespace() + "/")
                + written.name());
        for (String line : yaml.dump(shown).split("\n")) {
            out.println(indent + "  " + line);
        }
        out.flush();
    }

    /** Runs of consecutive addresses as {@code first-last}, e.g. {@code 198.51.100.1-198.51.100.8, 198.51.100.10}. */
    static String addresses(List<String> addresses) {
        List<IpAddress> parsed = addresses.stream().map(IpAddress::parse).toList();
        List<String> runs = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            List<IpAddress> ofFamily = parsed.stream().filter(a -> a.family() == family).toList();
            for (AddressRange range : IpSet.ofAddresses(ofFamily).ranges()) {
                runs.add(range.first().equals(range.last()) ? range.first().toString()
                        : range.first() + "-" + range.last());
            }
        }
        return String.join(", ", runs);
    }

    static String shortNode(String cluster, String node) {
        return node.startsWith(cluster + "-") ? node.substring(cluster.length() + 1) : node;
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%d ms", Math.round(nanos / 1e6));
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}

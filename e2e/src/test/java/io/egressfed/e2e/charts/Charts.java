package io.egressfed.e2e.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository's Helm charts, linted and rendered by real Helm (helm-java), parsed by fabric8. */
final class Charts {

    static final String HUB = "egressfed-hub";
    static final String AGENT = "egressfed-agent";
    static final String NAMESPACE = "egressfed-system";

    private final Path workDir;

    /**
     * @param workDir a scratch directory for values files and chart copies
     */
    Charts(Path workDir) {
        this.workDir = workDir;
    }

    /** The chart's directory; tests run from the e2e module, the charts sit beside it. */
    static Path chart(String name) {
        Path chart = Path.of("..", "charts", name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new IllegalStateException(chart + ": no Chart.yaml (tests must run from the e2e module)");
        }
        return chart;
    }

    /** Renders the chart as release {@code name} in {@link #NAMESPACE}, with these values over the defaults. */
    String render(String chart, String release, Map<String, Object> values) {
        return new Helm(chart(chart)).template().withName(release).withNamespace(NAMESPACE)
                .withValuesFile(valuesFile(values)).call();
    }

    /** Renders and parses every document into fabric8's typed objects (unknown kinds stay generic). */
    List<HasMetadata> objects(String chart, String release, Map<String, Object> values) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : render(chart, release, values).split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            objects.add(Serialization.unmarshal(document, HasMetadata.class));
        }
        return objects;
    }

    /**
     * Lints the chart with its values.yaml replaced by the defaults merged with {@code values}: the
     * helm-java lint command takes no values file, so a copy of the chart carries them.
     */
    LintResult lint(String chart, Map<String, Object> values) {
        Path copy = workDir.resolve("lint-" + chart + "-" + Integer.toHexString(values.hashCode()));
        copyTree(chart(chart), copy);
        Path valuesFile = copy.resolve("values.yaml");
        try {
            Map<String, Object> defaults = new Yaml().load(Files.readString(valuesFile));
            Files.writeString(valuesFile, dump(merge(defaults, values)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Helm(copy).lint().strict().call();
    }

    private Path valuesFile(Map<String, Object> values) {
        try {
            return Files.writeString(Files.createTempFile(workDir, "values", ".yaml"), dump(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dump(Map<String, Object> values) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(values);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overrides.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> existing) {
                merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.egressfed.testsupport.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric family of a Prometheus text exposition: its name, {@code # TYPE}, {@code # HELP} and samples.
 *
 * @param name the family name (for counters without {@code _total}, as the TYPE line names it)
 * @param type counter, gauge, histogram, summary or untyped
 * @param help the HELP text, empty when there is none
 * @param samples the samples in exposition order
 */
public record MetricFamily(String name, String type, String help, List<Sample> samples) {

    /** Copies the samples. */
    public MetricFamily {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        samples = List.copyOf(samples);
    }

    /**
     * The value of the one sample with this name and exactly these labels.
     *
     * @param sampleName e.g. {@code egressfed_config_nacks_total}
     * @param labels the labels, all of them
     * @return the value, empty when no such sample exists
     */
    public Optional<Double> value(String sampleName, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(sampleName) && s.labels().equals(labels))
                .map(Sample::value).findFirst();
    }

    /**
     * One sample line.
     *
     * @param name the sample name (e.g. {@code x_bucket}, {@code x_count})
     * @param labels its labels
     * @param value its value
     */
    public record Sample(String name, Map<String, String> labels, double value) {

        /** Copies the labels. */
        public Sample {
            Objects.requireNonNull(name, "name");
            labels = Map.copyOf(labels);
        }
    }
}

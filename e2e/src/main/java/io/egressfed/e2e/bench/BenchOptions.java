package io.egressfed.e2e.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a benchmark run is sized.
 *
 * @param quick the reduced set (CI smoke run)
 * @param propagationSizes cluster counts of the propagation scenario
 * @param propagationRounds intent changes per cluster count
 * @param floorIterations timed runs of each floor operation
 * @param failoverRepeats repetitions of each failover scenario
 * @param ipamIntents intents the three hub stores race to allocate
 * @param ipamPoolPrefix the prefix length of the raced pool (its size bounds the allocations)
 * @param applyAssignments assignments applied into one simulated cluster
 * @param scaleAgents connected agents held by one hub replica
 * @param scaleHold how long the scale scenario holds the agents connected, in seconds
 * @param out where the JSON report goes, if anywhere
 */
public record BenchOptions(boolean quick, List<Integer> propagationSizes, int propagationRounds, int floorIterations,
        int failoverRepeats, int ipamIntents, int ipamPoolPrefix, int applyAssignments, int scaleAgents,
        int scaleHold, Optional<Path> out) {

    /** Copies the sizes and checks every count. */
    public BenchOptions {
        propagationSizes = List.copyOf(propagationSizes);
        if (propagationSizes.isEmpty() || propagationSizes.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("propagationSizes: need at least one positive cluster count, got "
                    + propagationSizes);
        }
        positive("propagationRounds", propagationRounds);
        positive("floorIterations", floorIterations);
        positive("failoverRepeats", failoverRepeats);
        positive("ipamIntents", ipamIntents);
        positive("applyAssignments", applyAssignments);
        positive("scaleAgents", scaleAgents);
        positive("scaleHold", scaleHold);
        if (ipamPoolPrefix < 16 || ipamPoolPrefix > 30) {
            throw new IllegalArgumentException("ipamPoolPrefix: expected 16..30, got " + ipamPoolPrefix);
        }
    }

    /**
     * The full run (by hand), or the quick one (CI smoke run, under 3 minutes).
     *
     * @param quick the reduced set
     * @param agents connected agents for the scale scenario
     * @param out where the JSON report goes
     */
    public static BenchOptions of(boolean quick, int agents, Optional<Path> out) {
        return quick
                ? new BenchOptions(true, List.of(20), 1, 50, 2, 48, 27, 200, agents, 5, out)
                : new BenchOptions(false, List.of(100, 1000), 3, 500, 20, 600, 24, 1000, agents, 30, out);
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + ": must be at least 1, got " + value);
        }
    }
}

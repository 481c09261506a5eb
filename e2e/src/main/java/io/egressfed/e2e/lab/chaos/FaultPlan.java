package io.egressfed.e2e.lab.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The faults of one run, drawn from its seed: the same seed and options give the same plan. A fault
 * starts every 1.5–4 s from 2 s into the chaos phase, lasts 2–6 s (a crashed agent's successor starts
 * within {@link #AGENT_TAKEOVER_MILLIS}), and never hits a target (a replica,
 * etcd, a cluster) that is still failed; the last one heals at least 2 s before the phase ends.
 *
 * @param faults the faults in start order
 */
public record FaultPlan(List<PlannedFault> faults) {

    /**
     * How long a crashed agent stays without a successor at most: the agent chart's Lease duration (4 s)
     * plus its retry period (1 s), after which the standby replica holds the Lease and starts. It must stay
     * below the hub's lease duration + lease margin, which the chaos hubs run with the chart's values.
     */
    public static final long AGENT_TAKEOVER_MILLIS = 5_000;

    /**
     * One fault.
     *
     * @param atMillis       when it starts, from the start of the chaos phase
     * @param fault          which
     * @param target         the replica name, {@code etcd}, or the cluster name
     * @param nodes          for {@link Fault#FAIL_NODE}: the gateway nodes to fail
     * @param lastsMillis    how long until it is healed
     */
    public record PlannedFault(long atMillis, Fault fault, String target, List<String> nodes, long lastsMillis) {

        /** Copies the list. */
        public PlannedFault {
            nodes = List.copyOf(nodes);
        }
    }

    /** Copies the list. */
    public FaultPlan {
        faults = List.copyOf(faults);
    }

    /**
     * Draws a plan.
     *
     * @param seed           the run's seed
     * @param enabled        the faults to draw from
     * @param durationMillis the chaos phase's length
     * @param replicas       hub replica names
     * @param clusters       cluster names
     * @param gateways       gateway nodes per cluster (named {@code <cluster>-node-<i>}, i below this)
     */
    public static FaultPlan draw(long seed, Set<Fault> enabled, long durationMillis, List<String> replicas,
            List<String> clusters, int gateways) {
        Random random = new Random(seed);
        List<Fault> choices = List.copyOf(enabled);
        Map<String, Long> busyUntil = new HashMap<>();
        List<PlannedFault> planned = new ArrayList<>();
        long at = 2_000;
        while (true) {
            long lasts = 2_000 + random.nextInt(4_001);
            if (at + lasts > durationMillis - 2_000) {
                break;
            }
            Fault fault = choices.get(random.nextInt(choices.size()));
            List<String> targets = switch (fault) {
                case KILL_HUB -> replicas;
                case RESTART_ETCD -> List.of("etcd");
                case CUT_LINK, FAIL_NODE, KILL_AGENT, STOP_AGENT -> clusters;
            };
            String target = targets.get(random.nextInt(targets.size()));
            List<String> nodes = List.of();
            if (fault == Fault.FAIL_NODE) {
                // One gateway re-points inside the cluster; all of them make the cluster fail over.
                int count = random.nextBoolean() ? 1 : gateways;
                int first = random.nextInt(gateways);
                nodes = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    nodes.add(target + "-node-" + (first + i) % gateways);
                }
            }
            if (fault == Fault.KILL_AGENT) {
                lasts = Math.min(lasts, AGENT_TAKEOVER_MILLIS);
            }
            if (busyUntil.getOrDefault(target, 0L) < at) {
                planned.add(new PlannedFault(at, fault, target, nodes, lasts));
                busyUntil.put(target, at + lasts);
            }
            at += 1_500 + random.nextInt(2_501);
        }
        return new FaultPlan(planned);
    }

    /** e.g. {@code kill-hub=1 cut-link=2}, in {@link Fault} order; {@code none} without faults. */
    public String summary() {
        Map<Fault, Integer> counts = new TreeMap<>();
        faults.forEach(f -> counts.merge(f.fault(), 1, Integer::sum));
        if (counts.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((fault, count) -> parts.add(fault.flag() + "=" + count));
        return String.join(" ", parts);
    }
}

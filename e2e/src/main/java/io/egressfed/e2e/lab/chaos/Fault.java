package io.egressfed.e2e.lab.chaos;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The faults a chaos run injects, by the names {@code --faults} takes. */
public enum Fault {
    /** kill -9 a hub replica (the coordinator among them); healed by starting it again. */
    KILL_HUB("kill-hub"),
    /** Stop etcd abruptly; healed by starting it again on the same data. */
    RESTART_ETCD("restart-etcd"),
    /** Cut an agent's link to the hub (its proxy resets every connection); healed by letting it through. */
    CUT_LINK("cut-link"),
    /** Turn one or every gateway node of a cluster NotReady; healed by making them Ready. */
    FAIL_NODE("fail-node"),
    /**
     * Crash a cluster's agent (nothing it would write on a clean stop lands: its objects, held egress IPs
     * included, stay); healed by a successor starting from its state within the agent chart's Lease
     * takeover time ({@link FaultPlan#AGENT_TAKEOVER_MILLIS}), which fences before it connects.
     */
    KILL_AGENT("kill-agent"),
    /** Stop a cluster's agent as SIGTERM does (it fences and leaves); healed by starting it again. */
    STOP_AGENT("stop-agent");

    private final String flag;

    Fault(String flag) {
        this.flag = flag;
    }

    /** The name on the command line. */
    public String flag() {
        return flag;
    }

    /**
     * Parses a comma-separated list, e.g. {@code kill-hub,cut-link}.
     *
     * @throws IllegalArgumentException naming the unknown fault and the known ones
     */
    public static Set<Fault> parse(List<String> names) {
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        for (String name : names) {
            String trimmed = name.trim();
            faults.add(Arrays.stream(values()).filter(f -> f.flag.equals(trimmed)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--faults: unknown fault '" + trimmed
                            + "'; known: " + Arrays.stream(values()).map(Fault::flag).collect(Collectors.joining(",")))));
        }
        if (faults.isEmpty()) {
            throw new IllegalArgumentException("--faults: name at least one fault");
        }
        return faults;
    }
}

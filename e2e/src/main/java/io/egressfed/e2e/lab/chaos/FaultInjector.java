package io.egressfed.e2e.lab.chaos;

import java.util.concurrent.TimeUnit;

/** Injects and heals the faults of a {@link FaultPlan} in a {@link ChaosLab}, logging each. */
final class FaultInjector {

    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    private final ChaosLab lab;
    private final ChaosRun.Log log;

    FaultInjector(ChaosLab lab, ChaosRun.Log log) {
        this.lab = lab;
        this.log = log;
    }

    void inject(FaultPlan.PlannedFault planned) {
        log.event("inject %s %s%s", planned.fault().flag(), planned.target(), nodes(planned));
        try {
            switch (planned.fault()) {
                case KILL_HUB -> lab.killReplica(planned.target());
                case RESTART_ETCD -> lab.etcd().kill();
                case CUT_LINK -> lab.proxy(planned.target()).cut();
                case FAIL_NODE -> {
                    for (String node : planned.nodes()) {
                        command(planned.target(), "fail-node " + node);
                    }
                }
                case KILL_AGENT -> command(planned.target(), "stop-agent");
            }
        } catch (Exception failure) {
            log.event("inject %s %s failed: %s", planned.fault().flag(), planned.target(), failure);
        }
    }

    void heal(FaultPlan.PlannedFault planned) {
        log.event("heal %s %s%s", planned.fault().flag(), planned.target(), nodes(planned));
        try {
            switch (planned.fault()) {
                case KILL_HUB -> lab.startReplica(planned.target()).get(2, TimeUnit.MINUTES);
                case RESTART_ETCD -> lab.etcd().start();
                case CUT_LINK -> lab.proxy(planned.target()).heal();
                case FAIL_NODE -> {
                    for (String node : planned.nodes()) {
                        command(planned.target(), "restore-node " + node);
                    }
                }
                case KILL_AGENT -> command(planned.target(), "start-agent");
            }
            log.event("healed %s %s", planned.fault().flag(), planned.target());
        } catch (Exception failure) {
            log.event("heal %s %s failed: %s", planned.fault().flag(), planned.target(), failure);
        }
    }

    private void command(String cluster, String command) throws Exception {
        lab.cluster(cluster).command(command).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static String nodes(FaultPlan.PlannedFault planned) {
        return planned.nodes().isEmpty() ? "" : " " + String.join(",", planned.nodes());
    }
}

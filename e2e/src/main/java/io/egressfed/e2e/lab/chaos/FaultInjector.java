package io.egressfed.e2e.lab.chaos;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Injects and heals the faults of a {@link FaultPlan} in a {@link ChaosLab}, logging each. */
final class FaultInjector {

    private static final long COMMAND_TIMEOUT_SECONDS = 30;
    /** Like a pod's restarts: a replica that cannot start (e.g. etcd is down too) is started again. */
    private static final int REPLICA_START_ATTEMPTS = 4;

    private final ChaosLab lab;
    private final ChaosRun.Log log;
    private final List<CompletableFuture<Void>> restarts = new CopyOnWriteArrayList<>();

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
                case KILL_AGENT -> command(planned.target(), "crash-agent");
                case STOP_AGENT -> command(planned.target(), "stop-agent");
            }
        } catch (Exception failure) {
            log.event("inject %s %s failed: %s", planned.fault().flag(), planned.target(), failure);
        }
    }

    void heal(FaultPlan.PlannedFault planned) {
        log.event("heal %s %s%s", planned.fault().flag(), planned.target(), nodes(planned));
        try {
            switch (planned.fault()) {
                case KILL_HUB -> {
                    // Asynchronous, so that a replica waiting for etcd does not hold up healing etcd itself.
                    restarts.add(restart(planned.target(), REPLICA_START_ATTEMPTS));
                    return;
                }
                case RESTART_ETCD -> lab.etcd().start();
                case CUT_LINK -> lab.proxy(planned.target()).heal();
                case FAIL_NODE -> {
                    for (String node : planned.nodes()) {
                        command(planned.target(), "restore-node " + node);
                    }
                }
                case KILL_AGENT, STOP_AGENT -> command(planned.target(), "start-agent");
            }
            log.event("healed %s %s", planned.fault().flag(), planned.target());
        } catch (Exception failure) {
            log.event("heal %s %s failed: %s", planned.fault().flag(), planned.target(), failure);
        }
    }

    /**
     * Waits for the replica restarts begun by {@link #heal}.
     *
     * @param timeout how long at most
     */
    void awaitRestarts(Duration timeout) {
        try {
            CompletableFuture.allOf(restarts.toArray(CompletableFuture[]::new)).get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (Exception notAll) {
            log.event("not every hub replica restarted: %s", notAll);
        }
    }

    private CompletableFuture<Void> restart(String replica, int attemptsLeft) {
        return lab.startReplica(replica).handle((ready, failure) -> {
            if (failure == null) {
                log.event("healed kill-hub %s", replica);
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (attemptsLeft <= 1) {
                log.event("heal kill-hub %s failed: %s", replica, failure);
                return CompletableFuture.<Void>completedFuture(null);
            }
            log.event("restarting %s again (it exited: %s)", replica, failure.getMessage());
            return restart(replica, attemptsLeft - 1);
        }).thenCompose(next -> next);
    }

    private void command(String cluster, String command) throws Exception {
        lab.cluster(cluster).command(command).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static String nodes(FaultPlan.PlannedFault planned) {
        return planned.nodes().isEmpty() ? "" : " " + String.join(",", planned.nodes());
    }
}

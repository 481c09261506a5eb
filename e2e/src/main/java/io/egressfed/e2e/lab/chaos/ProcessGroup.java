package io.egressfed.e2e.lab.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every process a chaos run started: stopped together when the run ends, and killed by a JVM shutdown
 * hook when the runner itself is interrupted, so that no hub, cluster or etcd outlives it.
 */
final class ProcessGroup implements AutoCloseable {

    private final List<ChildProcess> processes = new CopyOnWriteArrayList<>();
    private final List<Runnable> onExit = new CopyOnWriteArrayList<>();
    private final Thread hook = new Thread(this::killAll, "chaos-processes-shutdown");

    ProcessGroup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Adds a process to stop with the group. */
    ChildProcess add(ChildProcess process) {
        processes.add(process);
        return process;
    }

    /** Adds something else to kill on JVM exit (e.g. etcd, which has its own launcher). */
    void onJvmExit(Runnable kill) {
        onExit.add(kill);
    }

    private void killAll() {
        processes.forEach(ChildProcess::destroyForcibly);
        onExit.forEach(Runnable::run);
    }

    /** Stops every process, newest first. */
    @Override
    public void close() {
        List<ChildProcess> newestFirst = new ArrayList<>(processes);
        java.util.Collections.reverse(newestFirst);
        newestFirst.forEach(ChildProcess::close);
        processes.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it kills what is left.
            killAll();
        }
    }
}

package io.egressfed.e2e.lab.netns;

import java.io.IOException;

/**
 * A workload in a pod namespace: opens a TCP connection to the external host every 50 ms (python3, run
 * in the pod's namespace), with a short timeout so that dropped traffic does not stall it.
 */
public final class WorkloadClient implements AutoCloseable {

    private static final String CLIENT = String.join("\n",
            "import socket, sys, time",
            "while True:",
            "    try:",
            "        c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=0.3)",
            "        c.close()",
            "    except OSError:",
            "        pass",
            "    time.sleep(0.05)");

    private final Process process;

    private WorkloadClient(Process process) {
        this.process = process;
    }

    /**
     * Starts connecting from {@code namespace}.
     *
     * @throws IOException when python3 cannot start there
     */
    public static WorkloadClient start(String namespace) throws IOException {
        return new WorkloadClient(new ProcessBuilder("ip", "netns", "exec", namespace, "python3", "-c", CLIENT,
                NetnsTopology.EXTERNAL_ADDRESS, String.valueOf(ExternalHost.PORT))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

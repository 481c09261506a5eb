package io.egressfed.e2e.lab.chaos;

import io.egressfed.e2e.lab.cluster.NodeFailure;
import io.egressfed.e2e.lab.spoke.HubAccess;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The chaos runner's handle on a {@code cluster} process: one command per line on the process's
 * standard input, one answer per command on its standard output, prefixed with {@value #PREFIX}.
 *
 * <pre>
 * clock                 -> control: clock NANOS   (System.nanoTime() of this process)
 * fail-node NODE        -> control: ok            (the node turns NotReady)
 * restore-node NODE     -> control: ok
 * stop-agent            -> control: ok            (the agent stops as on SIGTERM: it fences, then leaves)
 * crash-agent           -> control: ok            (the agent dies: nothing more it writes lands)
 * start-agent           -> control: ok            (the agent starts again from its state directory)
 * anything that fails   -> control: error REASON
 * </pre>
 */
public final class ControlChannel {

    /** Starts every answer line. */
    public static final String PREFIX = "control: ";

    private final LabSpoke spoke;
    private final HubAccess hub;
    private final PrintStream out;

    /**
     * @param spoke the cluster and its agent
     * @param hub   how a restarted agent reaches the hub
     * @param out   where answers go (shared with the process's other output; answers are whole lines)
     */
    public ControlChannel(LabSpoke spoke, HubAccess hub, PrintStream out) {
        this.spoke = spoke;
        this.hub = hub;
        this.out = out;
    }

    /** Serves commands from {@code in} until it ends (the runner closed it or died). */
    public void serve(InputStream in) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    answer(execute(line.trim()));
                }
            }
        }
    }

    /** Runs one command and returns the answer (without the prefix). */
    public String execute(String command) {
        String[] words = command.split("\\s+");
        try {
            switch (words[0]) {
                case "clock" -> {
                    return "clock " + System.nanoTime();
                }
                case "fail-node" -> spoke.gateways().fail(argument(words), NodeFailure.NOT_READY);
                case "restore-node" -> spoke.gateways().restore(argument(words));
                case "stop-agent" -> spoke.stopAgent();
                case "crash-agent" -> spoke.crashAgent();
                case "start-agent" -> spoke.connect(hub, Optional.empty());
                default -> {
                    return "error unknown command '" + words[0] + "'";
                }
            }
            return "ok";
        } catch (IOException | RuntimeException failure) {
            return "error " + words[0] + ": " + failure.getMessage();
        }
    }

    private static String argument(String[] words) {
        if (words.length != 2) {
            throw new IllegalArgumentException("expected one argument, got " + (words.length - 1));
        }
        return words[1];
    }

    private void answer(String answer) {
        synchronized (out) {
            out.println(PREFIX + answer);
            out.flush();
        }
    }
}

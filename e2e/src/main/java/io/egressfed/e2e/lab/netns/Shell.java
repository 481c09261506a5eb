package io.egressfed.e2e.lab.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the short host commands ({@code ip}, {@code nft}) that build and program the namespaces. */
public final class Shell {

    private Shell() {
    }

    /**
     * Runs a command to its end.
     *
     * @param command the command and its arguments
     * @return its standard output
     * @throws IOException when it cannot run, exits non-zero (the message holds its standard error) or hangs
     */
    public static String run(String... command) throws IOException {
        return runWithInput("", command);
    }

    /**
     * Runs a command to its end with {@code input} on its standard input.
     *
     * @param input what the command reads, e.g. an {@code nft -f -} script
     * @param command the command and its arguments
     * @return its standard output
     * @throws IOException when it cannot run, exits non-zero (the message holds its standard error) or hangs
     */
    public static String runWithInput(String input, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        try {
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": did not finish within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            throw new IOException(String.join(" ", command) + ": exit " + process.exitValue() + ": " + err);
        }
        return out;
    }

    /** Like {@link #run}, inside network namespace {@code namespace}. */
    public static String in(String namespace, String... command) throws IOException {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = namespace;
        System.arraycopy(command, 0, full, 4, command.length);
        return run(full);
    }

    /**
     * Whether the dataplane check can run here: root, with {@code ip} and {@code nft} working.
     *
     * @return empty when it can, else why not
     */
    public static Optional<String> whyNotAvailable() {
        try {
            if (!run("id", "-u").trim().equals("0")) {
                return Optional.of("not root: network namespaces need CAP_NET_ADMIN");
            }
        } catch (IOException e) {
            return Optional.of("cannot tell the user id: " + e.getMessage());
        }
        for (List<String> probe : List.of(List.of("ip", "-V"), List.of("nft", "--version"))) {
            try {
                run(probe.toArray(String[]::new));
            } catch (IOException e) {
                return Optional.of("`" + probe.get(0) + "` is not usable (" + e.getMessage()
                        + "); make test-deps installs iproute2 and nftables");
            }
        }
        return Optional.empty();
    }
}

package io.egressfed.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything egressctl takes from its surroundings, so that it runs the same in a process and inside a
 * test: output streams, standard input, environment variables and the home directory (where
 * {@code .egressfed/config} lives).
 *
 * @param out standard output
 * @param err standard error
 * @param in standard input ({@code apply -f -})
 * @param environment environment variables
 * @param home the user's home directory
 */
public record CliContext(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> environment,
                         Path home) {

    /** Requires every component and copies the environment. */
    public CliContext {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(in, "in");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(home, "home");
    }

    /**
     * The context of the running process.
     *
     * @return standard streams, the process environment and {@code user.home}
     */
    public static CliContext system() {
        return new CliContext(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in, System.getenv(),
                Path.of(System.getProperty("user.home")));
    }

    /**
     * An environment variable.
     *
     * @param name its name
     * @return its value, or empty when unset or empty
     */
    public Optional<String> env(String name) {
        String value = environment.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}

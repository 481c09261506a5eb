package io.egressfed.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the etcd server binary that tests run against.
 *
 * <p>Lookup order: the {@code ETCD_BIN} environment variable, then every directory on {@code PATH},
 * then {@code /usr/bin/etcd}. Only executable regular files count.
 */
public final class EtcdBinary {

    /** Environment variable that points at a specific etcd binary. */
    public static final String ETCD_BIN_ENV = "ETCD_BIN";

    /** What a developer has to do when no binary is found. */
    public static final String INSTALL_HINT =
            "etcd server binary not found (looked at $" + ETCD_BIN_ENV + ", PATH and /usr/bin/etcd); "
                    + "install it with `apt-get install etcd-server`, run `make test` (which installs it), "
                    + "or point $" + ETCD_BIN_ENV + " at an etcd 3.4+ binary";

    private static final Path DEBIAN_DEFAULT = Path.of("/usr/bin/etcd");

    private EtcdBinary() {
    }

    /**
     * Looks up the etcd binary using the current process environment.
     *
     * @return the binary, or empty when none is installed
     */
    public static Optional<Path> locate() {
        return locate(System.getenv());
    }

    /**
     * Looks up the etcd binary using the given environment (for tests of the lookup itself).
     *
     * @param env environment variables to consult ({@code ETCD_BIN}, {@code PATH})
     * @return the binary, or empty when none is found
     */
    public static Optional<Path> locate(Map<String, String> env) {
        String explicit = env.get(ETCD_BIN_ENV);
        if (explicit != null && !explicit.isBlank()) {
            // An explicit choice that is wrong must not silently fall back to another etcd.
            Path path = Path.of(explicit);
            return isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String searchPath = env.getOrDefault("PATH", "");
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "etcd");
            if (isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return isExecutable(DEBIAN_DEFAULT) ? Optional.of(DEBIAN_DEFAULT) : Optional.empty();
    }

    private static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}

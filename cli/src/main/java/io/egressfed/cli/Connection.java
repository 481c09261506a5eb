package io.egressfed.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the hub's admin API is and how to reach it.
 *
 * @param server the base URL, e.g. {@code https://hub.example:8443}
 * @param token the bearer token; empty sends none (the hub answers 401)
 * @param caFile a PEM file with the hub CA to trust; empty trusts the platform's roots
 * @param insecureSkipTlsVerify trust any server certificate (for {@code --dev} hubs only)
 */
record Connection(URI server, Optional<String> token, Optional<Path> caFile, boolean insecureSkipTlsVerify) {

    Connection {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(caFile, "caFile");
    }

    @Override
    public String toString() {
        return "Connection[server=" + server + ", token=" + (token.isPresent() ? "<set>" : "<none>")
                + ", caFile=" + caFile.map(Path::toString).orElse("<none>")
                + ", insecureSkipTlsVerify=" + insecureSkipTlsVerify + "]";
    }
}

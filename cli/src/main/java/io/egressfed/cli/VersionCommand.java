package io.egressfed.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code egressctl version [--client]}. */
@Command(name = "version", description = "Print the client and hub versions.")
final class VersionCommand extends TopLevelCommand implements Callable<Integer> {

    @Option(names = "--client", description = "print the client version only")
    boolean clientOnly;

    @Override
    public Integer call() {
        out().println("Client Version: " + EgressCtl.version());
        if (!clientOnly) {
            out().println("Server Version: " + client().status().getVersion());
        }
        return 0;
    }
}

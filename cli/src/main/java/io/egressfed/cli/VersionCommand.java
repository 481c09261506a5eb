package io.egressfed.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code egressctl version [--client]}. */
@Command(name = "version", description = "Print the client and hub versions.")
final class VersionCommand extends Subcommand implements Callable<Integer> {

    @ParentCommand
    EgressCtl root;

    @Option(names = "--client", description = "print the client version only")
    boolean clientOnly;

    @Override
    EgressCtl root() {
        return root;
    }

    @Override
    public Integer call() {
        out().println("Client Version: " + EgressCtl.version());
        if (!clientOnly) {
            out().println("Server Version: " + client().status().getVersion());
        }
        return 0;
    }
}

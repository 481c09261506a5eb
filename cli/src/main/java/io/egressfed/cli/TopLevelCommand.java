package io.egressfed.cli;

import picocli.CommandLine.ParentCommand;

/** A command directly under {@code egressctl}, which picocli hands the root command. */
abstract class TopLevelCommand extends Subcommand {

    @ParentCommand
    EgressCtl root;

    @Override
    final EgressCtl root() {
        return root;
    }
}

package io.egressfed.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code egressctl cluster ...}: member cluster operations. */
@Command(name = "cluster", description = "Member cluster operations.", subcommands = EnrollCommand.class)
final class ClusterCommand implements Callable<Integer> {

    @ParentCommand
    EgressCtl root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(root.context().err());
        return EgressCtl.USAGE;
    }
}

package io.egressfed.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code egressctl completion [bash|zsh]}: prints a completion script, e.g.
 * {@code source <(egressctl completion bash)}.
 */
@Command(name = "completion", description = "Print a shell completion script: source <(egressctl completion bash)."
        + " zsh: autoload -U +X bashcompinit && bashcompinit, then the same.")
final class CompletionCommand extends TopLevelCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", description = "bash (default) or zsh")
    String shell = "bash";

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new UsageFailure("SHELL: \"" + shell + "\" is not supported; use bash or zsh");
        }
        // picocli's script is bash; zsh runs it through bashcompinit.
        out().print(AutoComplete.bash("egressctl", EgressCtl.commandLine(root.context())));
        return 0;
    }
}

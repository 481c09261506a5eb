package io.egressfed.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egressctl delete KIND NAME...}: deleting an intent releases its addresses. */
@Command(name = "delete", description = "Delete pools, clusters or intents (an intent's egress IPs are released).")
final class DeleteCommand extends TopLevelCommand implements Callable<Integer> {

    @Mixin
    KindArgument kind;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME", description = "the objects to delete")
    List<String> names;

    @Option(names = "--resource-version", paramLabel = "VERSION",
            description = "delete only if the object is still at this metadata.resourceVersion")
    String resourceVersion = "";

    @Override
    public Integer call() {
        Kind parsed = kind.kind();
        if (!resourceVersion.isEmpty() && names.size() > 1) {
            throw new UsageFailure("--resource-version applies to one object; give one NAME");
        }
        AdminClient client = client();
        for (String name : names) {
            client.delete(parsed, name, resourceVersion);
            out().println(parsed.kindName() + "/" + name + " deleted");
        }
        return 0;
    }
}

package io.egressfed.cli;

import com.google.protobuf.Message;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egressctl get pools|clusters|intents [NAME] [-o wide|yaml|json] [-l SELECTOR]}. */
@Command(name = "get", description = "List pools, clusters or intents, or show one of them.")
final class GetCommand extends TopLevelCommand implements Callable<Integer> {

    @Mixin
    KindArgument kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "one object; all when omitted")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "wide, yaml or json")
    String output;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
            description = "label selector, e.g. region=eu,tier!=dev")
    String selector = "";

    @Override
    public Integer call() {
        Kind parsed = kind.kind();
        OutputFormat format = OutputFormat.parse(output, true);
        if (name != null && !selector.isEmpty()) {
            throw new UsageFailure("give a NAME or a --selector, not both");
        }
        if (name != null) {
            Message object = client().get(parsed, name);
            switch (format) {
                case YAML -> out().print(codec().toYaml(object));
                case JSON -> out().print(codec().toJson(object));
                default -> ResourceTables.print(parsed, List.of(object), format == OutputFormat.WIDE, now(), out());
            }
            return 0;
        }
        List<Message> objects = client().list(parsed, selector);
        switch (format) {
            case YAML -> out().print(codec().toYaml(objects));
            case JSON -> out().print(codec().toJson(objects));
            default -> {
                if (objects.isEmpty()) {
                    err().println("No " + parsed.plural() + " found.");
                } else {
                    ResourceTables.print(parsed, objects, format == OutputFormat.WIDE, now(), out());
                }
            }
        }
        return 0;
    }
}

package io.egressfed.cli;

import picocli.CommandLine.Option;

/** {@code -o json} for commands whose only alternative to their text output is JSON. */
final class JsonOutputOption {

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json")
    String output;

    /** Whether JSON was asked for; any other format is a usage error. */
    boolean json() {
        if (output != null && !output.equals("json")) {
            throw new UsageFailure("-o: unknown format \"" + output + "\"; allowed: json");
        }
        return output != null;
    }
}

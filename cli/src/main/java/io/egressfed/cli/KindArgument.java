package io.egressfed.cli;

import picocli.CommandLine.Parameters;

/** The leading {@code KIND} argument of the commands that address pools, clusters or intents. */
final class KindArgument {

    @Parameters(index = "0", paramLabel = "KIND", completionCandidates = KindCandidates.class,
            description = "pools, clusters or intents")
    String typed;

    /** The kind the user named; an unknown one is a usage error. */
    Kind kind() {
        return Kind.parse(typed);
    }
}

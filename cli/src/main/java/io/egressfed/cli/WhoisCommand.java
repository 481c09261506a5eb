package io.egressfed.cli;

import io.egressfed.api.v1alpha1.WhoisResponse;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egressctl whois IP [--at TIME]}: which intent, cluster and gateway used an egress IP at that time. */
@Command(name = "whois", description = "Tell which intent, cluster and gateway used an egress IP at a time.")
final class WhoisCommand extends TopLevelCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IP", description = "the egress IP")
    String ip;

    @Option(names = "--at", paramLabel = "TIME", description = "RFC 3339 time, or a duration ago (30m); default now")
    String at;

    @Mixin
    JsonOutputOption output;

    @Override
    public Integer call() {
        boolean json = output.json();
        Instant now = now();
        Optional<Instant> when = at == null ? Optional.empty() : Optional.of(Times.instant("--at", at, now));
        WhoisResponse answer = client().whois(ip, when);
        PrintWriter out = out();
        if (json) {
            out.println(Json.print(answer));
            return 0;
        }
        String whenText = when.map(Instant::toString).orElse("now");
        if (!answer.getFound()) {
            out.println(answer.getIp() + " was not allocated at " + whenText + ".");
            return 0;
        }
        out.println(answer.getIp() + " at " + whenText + ":");
        out.println("  Intent:       " + answer.getIntent());
        out.println("  Cluster:      " + orNone(answer.getCluster()));
        out.println("  Gateway node: " + orNone(answer.getGatewayNode()));
        out.println("  Pool:         " + answer.getPool());
        out.println("  Since:        " + Times.text(answer.getSince()));
        out.println("Evidence:");
        AuditTable.print(answer.getEvidenceList(), out, "  ");
        return 0;
    }

    private static String orNone(String value) {
        return value.isEmpty() ? "<none>" : value;
    }
}

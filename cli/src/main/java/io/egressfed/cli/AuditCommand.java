package io.egressfed.cli;

import io.egressfed.api.v1alpha1.AuditRecordList;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code egressctl audit [--ip IP] [--resource KIND/NAME] [--since DURATION|TIME] [--limit N]}. */
@Command(name = "audit", description = "Show the audit log: every change and decision, oldest first.")
final class AuditCommand extends TopLevelCommand implements Callable<Integer> {

    @Option(names = "--ip", paramLabel = "IP", description = "records about this egress IP")
    String ip = "";

    @Option(names = "--resource", paramLabel = "KIND/NAME", description = "records about one object, e.g. EgressIntent/x")
    String resource = "";

    @Option(names = "--since", paramLabel = "DURATION|TIME", description = "e.g. 1h (ago) or 2026-01-02T15:04:05Z")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "at most N most recent records (default: the hub's, 500)")
    int limit;

    @Mixin
    JsonOutputOption output;

    @Override
    public Integer call() {
        boolean json = output.json();
        if (limit < 0) {
            throw new UsageFailure("--limit: must not be negative");
        }
        Optional<Instant> from = since == null ? Optional.empty() : Optional.of(Times.instant("--since", since, now()));
        AuditRecordList records = client().audit(ip, resource, from, limit);
        if (json) {
            out().println(Json.print(records));
        } else if (records.getItemsCount() == 0) {
            err().println("No audit records found.");
        } else {
            AuditTable.print(records.getItemsList(), out(), "");
        }
        return 0;
    }
}

package io.egressfed.cli;

import io.egressfed.api.v1alpha1.AuditRecord;
import java.io.PrintWriter;
import java.util.List;

/** Audit records as a table: time, actor, action, resource, IP, cluster, message. */
final class AuditTable {

    private AuditTable() {
    }

    static void print(List<AuditRecord> records, PrintWriter out, String indent) {
        Table table = new Table("TIME", "ACTOR", "ACTION", "RESOURCE", "IP", "CLUSTER", "MESSAGE");
        for (AuditRecord record : records) {
            table.row(Times.text(record.getTime()), record.getActor(), Names.of(record.getAction()),
                    record.getKind() + "/" + record.getName(), record.getIp(), record.getCluster(), record.getMessage());
        }
        table.print(out, indent);
    }
}

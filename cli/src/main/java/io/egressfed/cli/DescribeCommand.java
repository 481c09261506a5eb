package io.egressfed.cli;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.AssignmentStatus;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.ObjectMeta;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egressctl describe KIND NAME}: metadata, spec, status (conditions, assignments) and recent audit. */
@Command(name = "describe", description = "Show one object in detail: status, conditions, assignments, recent audit.")
final class DescribeCommand extends TopLevelCommand implements Callable<Integer> {

    @Mixin
    KindArgument kind;

    @Parameters(index = "1", paramLabel = "NAME", description = "the object")
    String name;

    @Option(names = "--audit-limit", paramLabel = "N", description = "how many recent audit records to show (default 10)")
    int auditLimit = 10;

    @Override
    public Integer call() {
        Kind parsed = kind.kind();
        if (auditLimit < 1) {
            throw new UsageFailure("--audit-limit: must be at least 1");
        }
        AdminClient client = client();
        Message object = client.get(parsed, name);
        List<AuditRecord> audit = client.audit("", parsed.kindName() + "/" + name, Optional.empty(), auditLimit)
                .getItemsList();
        PrintWriter out = out();
        Instant now = now();
        ObjectMeta meta = metadata(object);
        field(out, "Name", meta.getName());
        field(out, "Kind", parsed.kindName());
        field(out, "Labels", Names.labels(meta.getLabelsMap()));
        field(out, "Annotations", Names.labels(meta.getAnnotationsMap()));
        field(out, "Resource Version", meta.getResourceVersion());
        field(out, "Generation", Long.toString(meta.getGeneration()));
        field(out, "Created", Times.text(meta.getCreationTimestamp()) + " (" + Times.age(meta.getCreationTimestamp(), now)
                + " ago)");
        out.println("Spec:");
        out.print(specYaml(object));
        out.println("Status:");
        switch (parsed) {
            case POOL -> poolStatus(out, (EgressIPPool) object);
            case CLUSTER -> clusterStatus(out, (MemberCluster) object, now);
            case INTENT -> intentStatus(out, (EgressIntent) object, now);
        }
        out.println("Recent audit:");
        if (audit.isEmpty()) {
            out.println("  <none>");
        } else {
            AuditTable.print(audit, out, "  ");
        }
        return 0;
    }

    private static void poolStatus(PrintWriter out, EgressIPPool pool) {
        field(out, "  Size", pool.getStatus().getSize());
        field(out, "  Allocated", Long.toString(pool.getStatus().getAllocated()));
        conditions(out, pool.getStatus().getConditionsList());
    }

    private static void clusterStatus(PrintWriter out, MemberCluster cluster, Instant now) {
        var status = cluster.getStatus();
        field(out, "  Connected", Boolean.toString(status.getConnected()));
        field(out, "  Applied Version", Long.toString(status.getAppliedVersion()));
        field(out, "  Desired Version", Long.toString(status.getDesiredVersion()));
        field(out, "  Last Error", status.getLastError());
        field(out, "  Last Seen", status.hasLastSeen() ? Times.text(status.getLastSeen()) + " ("
                + Times.age(status.getLastSeen(), now) + " ago)" : "");
        field(out, "  Agent Version", status.getAgentVersion());
        conditions(out, status.getConditionsList());
        out.println("  Gateway inventory:");
        if (status.getInventoryCount() == 0) {
            out.println("    <none>");
            return;
        }
        Table table = new Table("NODE", "READY", "ADDRESSES");
        for (GatewayInventory node : status.getInventoryList()) {
            table.row(node.getNode(), Boolean.toString(node.getReady()), String.join(",", node.getAddressesList()));
        }
        table.print(out, "    ");
    }

    private static void intentStatus(PrintWriter out, EgressIntent intent, Instant now) {
        field(out, "  Observed Generation", Long.toString(intent.getStatus().getObservedGeneration()));
        conditions(out, intent.getStatus().getConditionsList());
        out.println("  Assignments:");
        if (intent.getStatus().getAssignmentsCount() == 0) {
            out.println("    <none>");
            return;
        }
        Table table = new Table("CLUSTER", "IP", "ROLE", "GATEWAY", "APPLIED", "HEALTHY", "SINCE", "REASON");
        for (AssignmentStatus assignment : intent.getStatus().getAssignmentsList()) {
            table.row(assignment.getCluster(), assignment.getIp(), Names.of(assignment.getRole()),
                    assignment.getGatewayNode(),
                    assignment.getAppliedVersion() == 0 ? "" : Long.toString(assignment.getAppliedVersion()),
                    Boolean.toString(assignment.getHealthy()), Times.age(assignment.getSince(), now),
                    assignment.getReason());
        }
        table.print(out, "    ");
    }

    private static void conditions(PrintWriter out, List<Condition> conditions) {
        out.println("  Conditions:");
        if (conditions.isEmpty()) {
            out.println("    <none>");
            return;
        }
        Table table = new Table("TYPE", "STATUS", "REASON", "MESSAGE", "LAST TRANSITION");
        for (Condition condition : conditions) {
            table.row(condition.getType(), condition.getStatus(), condition.getReason(), condition.getMessage(),
                    Times.text(condition.getLastTransitionTime()));
        }
        table.print(out, "    ");
    }

    private static void field(PrintWriter out, String label, String value) {
        String padded = (label + ":") + " ".repeat(Math.max(1, 22 - label.length() - 1));
        out.println(padded + (value.isEmpty() ? "<none>" : value));
    }

    /** The spec as YAML, indented under "Spec:". */
    private String specYaml(Message object) {
        Message.Builder specOnly = object.toBuilder();
        specOnly.clearField(object.getDescriptorForType().findFieldByName("metadata"));
        specOnly.clearField(object.getDescriptorForType().findFieldByName("status"));
        StringBuilder indented = new StringBuilder();
        for (String line : codec().toYaml(specOnly.build()).split("\n")) {
            if (line.startsWith("apiVersion:") || line.startsWith("kind:") || line.startsWith("spec:")) {
                continue;
            }
            indented.append(line).append(System.lineSeparator());
        }
        return indented.toString();
    }

    private static ObjectMeta metadata(Message object) {
        return (ObjectMeta) object.getField(object.getDescriptorForType().findFieldByName("metadata"));
    }
}

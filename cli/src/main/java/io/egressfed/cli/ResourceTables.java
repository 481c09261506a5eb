package io.egressfed.cli;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.AssignmentStatus;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The {@code get} tables of each kind; {@code -o wide} adds columns. */
final class ResourceTables {

    private ResourceTables() {
    }

    static void print(Kind kind, List<Message> objects, boolean wide, Instant now, PrintWriter out) {
        Table table = switch (kind) {
            case POOL -> pools(objects, wide, now);
            case CLUSTER -> clusters(objects, wide, now);
            case INTENT -> intents(objects, wide, now);
        };
        table.print(out);
    }

    private static Table pools(List<Message> objects, boolean wide, Instant now) {
        Table table = new Table(columns(wide, List.of("NAME", "CIDRS", "SIZE", "ALLOCATED", "AGE"),
                List.of("EXCLUDE", "CLUSTER-SELECTOR")));
        for (Message object : objects) {
            EgressIPPool pool = (EgressIPPool) object;
            List<String> row = new ArrayList<>(List.of(pool.getMetadata().getName(),
                    String.join(",", pool.getSpec().getCidrsList()), pool.getStatus().getSize(),
                    Long.toString(pool.getStatus().getAllocated()),
                    Times.age(pool.getMetadata().getCreationTimestamp(), now)));
            if (wide) {
                row.add(String.join(",", pool.getSpec().getExcludeList()));
                row.add(Names.selector(pool.getSpec().getClusterSelector()));
            }
            table.row(row);
        }
        return table;
    }

    private static Table clusters(List<Message> objects, boolean wide, Instant now) {
        Table table = new Table(columns(wide, List.of("NAME", "BACKEND", "CONNECTED", "APPLIED", "AGE"),
                List.of("DESIRED", "LAST-SEEN", "LABELS")));
        for (Message object : objects) {
            MemberCluster cluster = (MemberCluster) object;
            List<String> row = new ArrayList<>(List.of(cluster.getMetadata().getName(),
                    Names.of(cluster.getSpec().getBackend()), Boolean.toString(cluster.getStatus().getConnected()),
                    version(cluster.getStatus().getAppliedVersion()),
                    Times.age(cluster.getMetadata().getCreationTimestamp(), now)));
            if (wide) {
                row.add(version(cluster.getStatus().getDesiredVersion()));
                row.add(Times.age(cluster.getStatus().getLastSeen(), now));
                row.add(Names.labels(cluster.getMetadata().getLabelsMap()));
            }
            table.row(row);
        }
        return table;
    }

    private static Table intents(List<Message> objects, boolean wide, Instant now) {
        Table table = new Table(columns(wide, List.of("NAME", "MODE", "POOL", "ASSIGNMENTS", "AGE"),
                List.of("ALLOCATED", "DESTINATIONS", "CLUSTER-SELECTOR")));
        for (Message object : objects) {
            EgressIntent intent = (EgressIntent) object;
            List<String> row = new ArrayList<>(List.of(intent.getMetadata().getName(),
                    Names.of(intent.getSpec().getPlacement().getMode()), intent.getSpec().getEgressIp().getPool(),
                    assignments(intent.getStatus().getAssignmentsList()),
                    Times.age(intent.getMetadata().getCreationTimestamp(), now)));
            if (wide) {
                row.add(intent.getStatus().getConditionsList().stream()
                        .filter(condition -> condition.getType().equals("Allocated"))
                        .map(Condition::getStatus).findFirst().orElse(""));
                row.add(String.join(",", intent.getSpec().getDestinations().getCidrsList()));
                row.add(Names.selector(intent.getSpec().getPlacement().getClusterSelector()));
            }
            table.row(row);
        }
        return table;
    }

    /** {@code cluster=ip} per assignment; a role other than Active is named, e.g. {@code eu-north-1=198.51.100.9(Standby)}. */
    static String assignments(List<AssignmentStatus> assignments) {
        return assignments.stream().map(assignment -> {
            String where = assignment.getCluster().isEmpty() ? "" : assignment.getCluster() + "=";
            boolean active = assignment.getRole() == AssignmentRole.ASSIGNMENT_ROLE_ACTIVE;
            String role = active || assignment.getRole() == AssignmentRole.ASSIGNMENT_ROLE_UNSPECIFIED
                    ? "" : "(" + Names.of(assignment.getRole()) + ")";
            return where + assignment.getIp() + role;
        }).collect(Collectors.joining(","));
    }

    private static String version(long version) {
        return version == 0 ? "" : Long.toString(version);
    }

    private static List<String> columns(boolean wide, List<String> standard, List<String> extra) {
        List<String> all = new ArrayList<>(standard);
        if (wide) {
            all.addAll(extra);
        }
        return all;
    }
}

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
import java.util.function.Function;
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
        return table(objects, EgressIPPool.class, wide,
                List.of("NAME", "CIDRS", "SIZE", "ALLOCATED", "AGE"),
                pool -> List.of(pool.getMetadata().getName(), String.join(",", pool.getSpec().getCidrsList()),
                        pool.getStatus().getSize(), Long.toString(pool.getStatus().getAllocated()),
                        Times.age(pool.getMetadata().getCreationTimestamp(), now)),
                List.of("EXCLUDE", "CLUSTER-SELECTOR"),
                pool -> List.of(String.join(",", pool.getSpec().getExcludeList()),
                        Names.selector(pool.getSpec().getClusterSelector())));
    }

    private static Table clusters(List<Message> objects, boolean wide, Instant now) {
        return table(objects, MemberCluster.class, wide,
                List.of("NAME", "BACKEND", "CONNECTED", "APPLIED", "AGE"),
                cluster -> List.of(cluster.getMetadata().getName(), Names.of(cluster.getSpec().getBackend()),
                        Boolean.toString(cluster.getStatus().getConnected()),
                        version(cluster.getStatus().getAppliedVersion()),
                        Times.age(cluster.getMetadata().getCreationTimestamp(), now)),
                List.of("DESIRED", "LAST-SEEN", "LABELS"),
                cluster -> List.of(version(cluster.getStatus().getDesiredVersion()),
                        Times.age(cluster.getStatus().getLastSeen(), now),
                        Names.labels(cluster.getMetadata().getLabelsMap())));
    }

    private static Table intents(List<Message> objects, boolean wide, Instant now) {
        return table(objects, EgressIntent.class, wide,
                List.of("NAME", "MODE", "POOL", "ASSIGNMENTS", "AGE"),
                intent -> List.of(intent.getMetadata().getName(), Names.of(intent.getSpec().getPlacement().getMode()),
                        intent.getSpec().getEgressIp().getPool(), assignments(intent.getStatus().getAssignmentsList()),
                        Times.age(intent.getMetadata().getCreationTimestamp(), now)),
                List.of("ALLOCATED", "DESTINATIONS", "CLUSTER-SELECTOR"),
                intent -> List.of(intent.getStatus().getConditionsList().stream()
                                .filter(condition -> condition.getType().equals("Allocated"))
                                .map(Condition::getStatus).findFirst().orElse(""),
                        String.join(",", intent.getSpec().getDestinations().getCidrsList()),
                        Names.selector(intent.getSpec().getPlacement().getClusterSelector())));
    }

    /**
     * A table of one kind: the standard columns, and with {@code wide} the extra ones after them
     * (their cells are only computed then).
     */
    private static <T extends Message> Table table(List<Message> objects, Class<T> type, boolean wide,
                                                   List<String> standard, Function<T, List<String>> cells,
                                                   List<String> extra, Function<T, List<String>> extraCells) {
        List<String> headers = new ArrayList<>(standard);
        if (wide) {
            headers.addAll(extra);
        }
        Table table = new Table(headers);
        for (Message object : objects) {
            T typed = type.cast(object);
            List<String> row = new ArrayList<>(cells.apply(typed));
            if (wide) {
                row.addAll(extraCells.apply(typed));
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
}

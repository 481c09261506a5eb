package io.egressfed.cli;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.FailoverRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egressctl failover INTENT --to CLUSTER}. */
@Command(name = "failover", description = "Move an ActivePassive intent's egress IP to another cluster.")
final class FailoverCommand extends TopLevelCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "INTENT", description = "the ActivePassive intent")
    String intent;

    @Option(names = "--to", required = true, paramLabel = "CLUSTER", description = "the cluster to make active")
    String toCluster;

    @Override
    public Integer call() {
        Message moved = client().failover(FailoverRequest.newBuilder().setIntent(intent).setToCluster(toCluster).build());
        out().println("EgressIntent/" + intent + " failing over to " + toCluster + ": "
                + ResourceTables.assignments(((EgressIntent) moved).getStatus().getAssignmentsList()));
        return 0;
    }
}

package io.egressfed.e2e.lab.chaos;

import io.egressfed.hub.HubMain;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command line of {@link HubMain} for a chaos run: a development hub ({@code --dev}: generated
 * signing key and CA, plain-HTTP admin API on loopback) on the run's etcd, with fixed ports and the
 * hub chart's lease margin.
 *
 * <p>Replicas form a Pekko cluster only when {@code HubMain} declares every flag of
 * {@link #CLUSTER_FLAGS}; this is read from its picocli spec on this classpath, so the runner starts
 * three replicas as soon as the hub accepts those flags, and one before. When the hub's flags are
 * named differently, change {@link #CLUSTER_FLAGS} and {@link #clusterArguments}.
 */
public final class HubMainCommandLine implements HubCommandLine {

    /** The replica name, Pekko host and port, and (repeatable) seed node flags. */
    public static final List<String> CLUSTER_FLAGS = List.of("--replica-name", "--cluster-host", "--cluster-port",
            "--seed-node");

    /** The hub chart's {@code hub.leaseMargin}. */
    static final String LEASE_MARGIN = "3s";

    private final boolean clustered;

    /**
     * @param clustered whether to pass {@link #CLUSTER_FLAGS}
     */
    public HubMainCommandLine(boolean clustered) {
        this.clustered = clustered;
    }

    /** Passes the cluster flags when {@link HubMain} declares all of them. */
    public static HubMainCommandLine detect() {
        return new HubMainCommandLine(missingClusterFlags().isEmpty());
    }

    /** The {@link #CLUSTER_FLAGS} that {@link HubMain} does not declare. */
    public static List<String> missingClusterFlags() {
        CommandSpec spec = new CommandLine(new HubMain(new PrintStream(OutputStream.nullOutputStream()),
                new CountDownLatch(0))).getCommandSpec();
        return CLUSTER_FLAGS.stream().filter(flag -> spec.findOption(flag) == null).toList();
    }

    @Override
    public List<String> arguments(HubReplica replica) {
        List<String> arguments = new ArrayList<>(List.of("--dev",
                "--etcd", replica.etcdEndpoint(),
                "--data-dir", replica.dataDir().toString(),
                "--grpc-port", Integer.toString(replica.grpcPort()),
                "--http-port", Integer.toString(replica.httpPort()),
                "--admin-port", Integer.toString(replica.adminPort()),
                // The hub chart's margin: a crashed agent's successor must fence before the hub moves its IP.
                "--lease-margin", LEASE_MARGIN));
        if (clustered) {
            arguments.addAll(clusterArguments(replica));
        }
        return arguments;
    }

    private static List<String> clusterArguments(HubReplica replica) {
        List<String> arguments = new ArrayList<>(List.of("--replica-name", replica.name(),
                "--cluster-host", "127.0.0.1",
                "--cluster-port", Integer.toString(replica.clusterPort())));
        replica.seedNodes().forEach(seed -> arguments.addAll(List.of("--seed-node", seed)));
        return arguments;
    }

    @Override
    public int replicas(int requested) {
        return clustered ? requested : 1;
    }

    @Override
    public String describe(int requested) {
        if (clustered) {
            return requested + " hub replica(s) in one Pekko cluster (" + String.join(", ", CLUSTER_FLAGS) + ")";
        }
        return "1 hub replica" + (requested > 1 ? " (requested " + requested + "; this hub has no "
                + String.join(", ", missingClusterFlags()) + ": replicas cannot form a cluster yet)" : "");
    }
}

package io.egressfed.e2e.lab.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the demo did, as written to {@code --summary-json}: clusters, intents, the enforced assignments,
 * every backend object the agents wrote, the failover timings, and how long each phase took.
 *
 * @param store          where the hub kept its state
 * @param realEtcd       whether that was a real etcd
 * @param timingsMillis  phase durations ({@code startup}, {@code converge}, {@code total})
 * @param clusters       the simulated clusters
 * @param intents        the intents applied
 * @param assignments    what each agent enforced once converged
 * @param refusals       what an agent refused to apply, with its reason
 * @param backendObjects every object the agents wrote (CiliumEgressGatewayPolicies, Services)
 * @param failover       the simulated gateway failure and its measured consequences
 * @param crossClusterFailover the ActivePassive handover to the next cluster and back, measured
 */
public record DemoSummary(String store, boolean realEtcd, Map<String, Long> timingsMillis, List<Cluster> clusters,
        List<Intent> intents, List<ClusterAssignment> assignments, List<Refusal> refusals,
        List<WrittenObject> backendObjects,
        Failover failover, CrossClusterFailover crossClusterFailover) {

    /**
     * A simulated cluster.
     *
     * @param name             its name
     * @param backend          its egress backend
     * @param labels           its MemberCluster labels
     * @param apiServer        its simulated API server
     * @param kubeVipSimulated whether the kube-vip simulator ran in it
     * @param configVersion    the config version its agent applied
     * @param nodes            its nodes
     */
    public record Cluster(String name, String backend, Map<String, String> labels, String apiServer,
            boolean kubeVipSimulated, long configVersion, List<Node> nodes) {
    }

    /**
     * A node.
     *
     * @param name      its name
     * @param labels    its labels beyond the hostname
     * @param egressIps the egress addresses configured on it
     */
    public record Node(String name, Map<String, String> labels, List<String> egressIps) {
    }

    /**
     * An intent.
     *
     * @param name    its name
     * @param mode    PerCluster or ActivePassive
     * @param pool    its pool
     * @param address its pinned address, "" when none
     */
    public record Intent(String name, String mode, String pool, String address) {
    }

    /**
     * The simulated failure.
     *
     * @param cluster the cluster
     * @param node    the failed node
     * @param failure how it failed
     * @param moves   what happened to each IP it carried
     */
    public record Failover(String cluster, String node, String failure, List<Move> moves) {
    }

    /**
     * One IP of the failed node, timed from the failure.
     *
     * @param intent               the intent
     * @param ip                   the IP
     * @param lostAfterMillis      when the dataplane stopped holding it (null if it never did)
     * @param heldAgainAfterMillis when a cluster held it again (the re-point time)
     * @param heldBy               that cluster
     * @param gatewayNodeAfter     the gateway node there
     */
    public record Move(String intent, String ip, Double lostAfterMillis, double heldAgainAfterMillis, String heldBy,
            String gatewayNodeAfter) {
    }

    /**
     * The cross-cluster failover and failback of one ActivePassive intent, timed from the dataplane
     * observer's hold intervals.
     *
     * @param intent        the intent
     * @param ip            its egress IP
     * @param from          the cluster whose gateway nodes all went NotReady
     * @param to            the cluster that took the IP over
     * @param nodes         those gateway nodes
     * @param withdrawnMs   from the nodes' failure until {@code from} stopped holding the IP
     * @param gapMs         from then until {@code to} held it (nobody held it in between)
     * @param failbackMs    from the nodes' restoration until {@code from} held the IP again
     * @param failbackGapMs the gap during the failback
     * @param overlap       whether two clusters ever held the IP at once (the demo fails if so)
     * @param activeAfter   where the hub's placement has the intent active at the end
     * @param placements    every placement record seen, e.g. {@code WITHDRAWING fenced eu-west-1 -> target
     *                      eu-north-1, epoch 5}
     * @param notShown      why the section could not run (nothing was failed then), null when it ran
     */
    public record CrossClusterFailover(String intent, String ip, String from, String to, List<String> nodes,
            Double withdrawnMs, Double gapMs, Double failbackMs, Double failbackGapMs, boolean overlap,
            String activeAfter, List<String> placements, String notShown) {

        static CrossClusterFailover notShown(String reason) {
            return new CrossClusterFailover(null, null, null, null, List.of(), null, null, null, null, false, null,
                    List.of(), reason);
        }

        static CrossClusterFailover of(io.egressfed.e2e.lab.demo.CrossClusterFailover.Result result) {
            var away = result.failover();
            var back = result.failback();
            var last = result.placements().get(result.placements().size() - 1).decision();
            return new CrossClusterFailover(result.intent(), result.ip(), away.from(), away.to(), result.nodes(),
                    away.releasedAfter() / 1e6, away.gap() / 1e6, back.takenAfter() / 1e6, back.gap() / 1e6,
                    !result.overlaps().isEmpty(), String.join(",", last.getActiveClustersList()),
                    result.placements().stream().map(c -> c.state() + " " + c.clusters() + ", epoch "
                            + c.decision().getEpoch()).toList(), null);
        }
    }

    /** Writes the summary as indented JSON, creating parent directories. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }
}

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
 */
public record DemoSummary(String store, boolean realEtcd, Map<String, Long> timingsMillis, List<Cluster> clusters,
        List<Intent> intents, List<ClusterAssignment> assignments, List<Refusal> refusals,
        List<WrittenObject> backendObjects,
        Failover failover) {

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

    /** Writes the summary as indented JSON, creating parent directories. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }
}

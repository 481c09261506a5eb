package io.egressfed.e2e.lab.spoke;

import io.egressfed.agent.Agent;
import io.egressfed.agent.AgentOptions;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.GatewayNodeSimulator;
import io.egressfed.e2e.lab.cluster.SimulatedCluster;
import io.egressfed.e2e.lab.examples.ExampleSeeds;
import io.egressfed.e2e.lab.kubevip.KubeVipSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member cluster of the lab: a {@link SimulatedCluster}, the kube-vip simulator where the backend
 * needs kube-vip, a {@link GatewayNodeSimulator}, and (once {@link #connect connected}) a real egressfed
 * agent whose Kubernetes backends write into the simulated cluster.
 */
public final class LabSpoke implements AutoCloseable {

    /** The version the lab's agents report. */
    public static final String AGENT_VERSION = "lab";

    private static final Logger LOG = LoggerFactory.getLogger(LabSpoke.class);

    private final Backend backend;
    private final SimulatedCluster cluster;
    private final Optional<KubeVipSimulator> kubeVip;
    private final GatewayNodeSimulator gateways;
    private final Path stateDir;
    private Agent agent;
    private KubernetesClient agentClient;

    private LabSpoke(Backend backend, SimulatedCluster cluster, Optional<KubeVipSimulator> kubeVip,
            GatewayNodeSimulator gateways, Path stateDir) {
        this.backend = backend;
        this.cluster = cluster;
        this.kubeVip = kubeVip;
        this.gateways = gateways;
        this.stateDir = stateDir;
    }

    /**
     * Starts the simulated cluster and its simulators; no agent yet.
     *
     * @param seed           what the cluster contains
     * @param backend        the egress backend the cluster runs (kube-vip and cilium-vip get the kube-vip
     *                       simulator)
     * @param kubeVipNodes   the labels of the nodes the simulated kube-vip runs on (empty: every node)
     * @param monotonicNanos the lab's clock, for timing node failures
     */
    public static LabSpoke start(ClusterSeed seed, Backend backend, Map<String, String> kubeVipNodes,
            LongSupplier monotonicNanos) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("egressfed-lab-" + seed.cluster() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the agent's state directory", e);
        }
        SimulatedCluster cluster = SimulatedCluster.start(seed);
        try {
            Optional<KubeVipSimulator> kubeVip = backend == Backend.BACKEND_CILIUM ? Optional.empty()
                    : Optional.of(KubeVipSimulator.start(cluster.client(), kubeVipNodes, seed.cluster()));
            return new LabSpoke(backend, cluster, kubeVip, new GatewayNodeSimulator(cluster.client(), monotonicNanos),
                    stateDir);
        } catch (RuntimeException failure) {
            cluster.close();
            throw failure;
        }
    }

    /**
     * Starts the agent: it enrolls with {@code token} (when it has no credentials yet), connects, and
     * applies what the hub sends. Returns once the agent's backends watch the cluster; the link
     * connects in the background.
     *
     * @throws IOException           when the agent cannot start
     * @throws IllegalStateException when an agent already runs
     */
    public synchronized void connect(HubAccess hub, Optional<BootstrapToken> token) throws IOException {
        if (agent != null) {
            throw new IllegalStateException("cluster " + name() + " already runs an agent");
        }
        AgentOptions options = new AgentOptions(name(), hub.address(), hub.caPin(), List.of(), hub.signingKeyIds(),
                token, stateDir, ExampleSeeds.AGENT_NAMESPACE, new InetSocketAddress("127.0.0.1", 0), AGENT_VERSION);
        // The agent's own client, so that a crash can cut it off from the API server alone.
        agentClient = new KubernetesClientBuilder().withConfig(cluster.client().getConfiguration()).build();
        try {
            agent = Agent.start(options, Optional.of(agentClient));
        } catch (IOException | RuntimeException failure) {
            agentClient.close();
            agentClient = null;
            throw failure;
        }
    }

    /**
     * Stops the agent as SIGTERM does: it fences its ActivePassive objects and disconnects. Its
     * credentials and last applied version stay in its state directory, so {@link #connect} can start
     * it again (without a token). Does nothing when no agent runs.
     */
    public synchronized void stopAgent() {
        if (agent != null) {
            agent.close();
            agentClient.close();
            agent = null;
            agentClient = null;
        }
    }

    /**
     * Ends the agent as a crash (kill -9, OOM, a lost node) would: its Kubernetes client is cut off
     * first, so the fencing a clean stop does never lands and every object it wrote, held egress IPs
     * included, stays as it was until a successor starts (which fences before it connects). Its hub
     * link drops. Does nothing when no agent runs.
     */
    public synchronized void crashAgent() {
        if (agent != null) {
            agentClient.close();
            agent.close();
            agent = null;
            agentClient = null;
        }
    }

    /** The cluster's name. */
    public String name() {
        return cluster.name();
    }

    /** The backend the cluster runs. */
    public Backend backend() {
        return backend;
    }

    /** The simulated cluster. */
    public SimulatedCluster cluster() {
        return cluster;
    }

    /** The kube-vip simulator, for kube-vip and cilium-vip clusters. */
    public Optional<KubeVipSimulator> kubeVip() {
        return kubeVip;
    }

    /** Fails and restores nodes. */
    public GatewayNodeSimulator gateways() {
        return gateways;
    }

    /** The agent, once connected. */
    public synchronized Optional<Agent> agent() {
        return Optional.ofNullable(agent);
    }

    /** Stops the agent, the simulators and the API server, and deletes the agent's credentials. */
    @Override
    public synchronized void close() {
        if (agent != null) {
            agent.close();
            agentClient.close();
        }
        kubeVip.ifPresent(KubeVipSimulator::close);
        cluster.close();
        deleteQuietly(stateDir);
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("could not delete the lab agent's state directory {}: {}", directory, e.toString());
        }
    }

    @Override
    public String toString() {
        return "LabSpoke[" + name() + ", " + Objects.toString(backend) + "]";
    }
}

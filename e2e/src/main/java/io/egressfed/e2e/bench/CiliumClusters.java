package io.egressfed.e2e.bench;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.e2e.lab.chaos.TcpProxy;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.SimulatedNamespace;
import io.egressfed.e2e.lab.cluster.SimulatedPod;
import io.egressfed.e2e.lab.dataplane.DataplaneObserver;
import io.egressfed.e2e.lab.dataplane.HoldListener;
import io.egressfed.e2e.lab.demo.LabHub;
import io.egressfed.e2e.lab.demo.Poller;
import io.egressfed.e2e.lab.examples.ExampleSeeds;
import io.egressfed.e2e.lab.spoke.HubAccess;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.state.ResourceKind;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Simulated cilium clusters with real agents for the failover scenarios and the dataplane check: each
 * has three nodes, the first two gateways carrying the given egress addresses, and a {@code team=bench}
 * namespace with one {@code app=bench-app} pod. Every cluster is watched by one {@link DataplaneObserver}
 * feeding a {@link HoldLog}. An agent may reach the hub through a {@link TcpProxy}, to be cut.
 */
public final class CiliumClusters implements AutoCloseable {

    /** Nodes per cluster. */
    public static final int NODES = 3;
    /** Gateway nodes among them. */
    public static final int GATEWAYS = 2;

    private final LabHub lab;
    private final HoldLog holds = new HoldLog();
    private final DataplaneObserver observer;
    private final Map<String, LabSpoke> spokes = new ConcurrentHashMap<>();
    private final Map<String, TcpProxy> proxies = new ConcurrentHashMap<>();

    /** @param lab the hub the agents enroll with */
    public CiliumClusters(LabHub lab) {
        this(lab, (cluster, held, atNanos) -> { });
    }

    /**
     * @param lab the hub the agents enroll with
     * @param datapath also told every observation (after the {@link HoldLog}), e.g. a datapath to program
     */
    public CiliumClusters(LabHub lab, HoldListener datapath) {
        this.lab = lab;
        this.observer = new DataplaneObserver(System::nanoTime, (cluster, held, atNanos) -> {
            holds.observed(cluster, held, atNanos);
            datapath.observed(cluster, held, atNanos);
        });
    }

    /**
     * Registers the MemberCluster, starts the simulated cluster and its agent (enrolled with a fresh token).
     *
     * @param name the cluster's name
     * @param group the value of {@link BenchResources#GROUP_LABEL}
     * @param egressIps the addresses both gateway nodes carry
     * @param throughProxy whether the agent reaches the hub through a proxy that {@link #cut} can cut
     * @return the running cluster
     * @throws Exception when something cannot start
     */
    public LabSpoke add(String name, String group, List<String> egressIps, boolean throughProxy) throws Exception {
        lab.hub().resources().create(ResourceKind.CLUSTER, BenchResources.cluster(name, Backend.BACKEND_CILIUM, group),
                BenchResources.ACTOR).get(30, TimeUnit.SECONDS);
        String pod = ClusterSeed.nodeName(name, NODES - 1);
        ClusterSeed seed = new ClusterSeed(name, ClusterSeed.nodes(name, NODES, GATEWAYS, egressIps), List.of(
                new SimulatedNamespace("bench", Map.of("team", BenchResources.TEAM),
                        List.of(new SimulatedPod("bench-app-0", Map.of("app", BenchResources.APP), pod))),
                new SimulatedNamespace(ExampleSeeds.AGENT_NAMESPACE, Map.of(), List.of())));
        LabSpoke spoke = LabSpoke.start(seed, Backend.BACKEND_CILIUM, Map.of(), System::nanoTime);
        spokes.put(name, spoke);
        observer.watch(name, spoke.cluster().client());
        String address = lab.spokeLinkAddress();
        if (throughProxy) {
            TcpProxy proxy = TcpProxy.start(name, List.of(new InetSocketAddress("127.0.0.1", lab.hub().grpcPort())));
            proxies.put(name, proxy);
            address = proxy.address();
        }
        HubAccess access = new HubAccess(address, lab.hub().caPin(), Set.of(lab.hub().signingKeyId().hex()));
        spoke.connect(access, Optional.of(lab.hub().enrollmentTokens().create(name).get(30, TimeUnit.SECONDS).token()));
        return spoke;
    }

    /** The running cluster {@code name}. */
    public LabSpoke spoke(String name) {
        LabSpoke spoke = spokes.get(name);
        if (spoke == null) {
            throw new IllegalArgumentException("cluster " + name + ": not started here");
        }
        return spoke;
    }

    /** What every cluster held, observation by observation. */
    public HoldLog holds() {
        return holds;
    }

    /**
     * Cuts the agent's link to the hub (resets its connections and every new one).
     *
     * @return the monotonic time just before the cut
     */
    public long cut(String name) {
        long at = System.nanoTime();
        proxy(name).cut();
        return at;
    }

    /** Lets the agent's link through again. */
    public void heal(String name) {
        proxy(name).heal();
    }

    private TcpProxy proxy(String name) {
        TcpProxy proxy = proxies.get(name);
        if (proxy == null) {
            throw new IllegalArgumentException("cluster " + name + ": its agent does not go through a proxy");
        }
        return proxy;
    }

    /**
     * Waits until every named cluster's agent is connected and its last health report, sent after
     * {@code sinceMillis} (wall clock), lists a ready gateway carrying an address: the hub then counts it
     * healthy and IPAM can use it.
     */
    public void awaitHealthy(Poller poller, Duration timeout, long sinceMillis, String... names) throws Exception {
        poller.until("clusters " + List.of(names) + " to report ready gateways", timeout, () -> {
            for (String name : names) {
                LiveStatus status = lab.hub().liveStatus().status(name).orElse(LiveStatus.unknown(name));
                Optional<HealthReport> health = status.lastHealth();
                if (!status.connected() || health.isEmpty()
                        || health.get().getObservedAt().getSeconds() * 1000 < sinceMillis
                        || health.get().getInventoryList().stream()
                                .noneMatch(g -> g.getReady() && g.getAddressesCount() > 0)
                        || lab.hub().resources().getInventory(name).join()
                                .filter(i -> i.getGatewaysList().stream().anyMatch(GatewayInventory::getReady))
                                .isEmpty()) {
                    return Optional.empty();
                }
            }
            return Optional.of(true);
        }, () -> "").get();
    }

    @Override
    public void close() {
        observer.close();
        List<AutoCloseable> closing = new ArrayList<>(spokes.values());
        closing.addAll(proxies.values());
        for (AutoCloseable each : closing) {
            try {
                each.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(CiliumClusters.class).warn("while stopping {}: {}", each, e.toString());
            }
        }
    }
}

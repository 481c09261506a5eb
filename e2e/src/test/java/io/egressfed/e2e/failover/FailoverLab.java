package io.egressfed.e2e.failover;

import static org.awaitility.Awaitility.await;

import io.egressfed.api.v1alpha1.AssignmentStatus;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.e2e.lab.chaos.TcpProxy;
import io.egressfed.e2e.lab.cluster.ClusterSeed;
import io.egressfed.e2e.lab.cluster.NodeFailure;
import io.egressfed.e2e.lab.dataplane.DataplaneObserver;
import io.egressfed.e2e.lab.examples.ExampleManifests;
import io.egressfed.e2e.lab.examples.ExampleSeeds;
import io.egressfed.e2e.lab.spoke.HubAccess;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import io.egressfed.hub.HubServer;
import io.egressfed.hub.HubSettings;
import io.egressfed.hub.coordinator.HealthView;
import io.egressfed.hub.link.LiveStatus;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.testsupport.EtcdLauncher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.awaitility.core.ConditionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two simulated cilium clusters, {@value #PRIMARY} and {@value #STANDBY} (labels {@code region=eu}, one
 * gateway node each), whose real agents reach a real hub (on a real etcd, with a short lease) through
 * one loopback {@link TcpProxy} per cluster, so that either link can be cut. A {@link DataplaneObserver}
 * records which cluster holds which egress IP, and a {@link PlacementHistory} every placement the
 * coordinator commits, both on one monotonic clock.
 */
final class FailoverLab implements AutoCloseable {

    static final String PRIMARY = "dr-a";
    static final String STANDBY = "dr-b";
    /** Short, so the unreachable case is quick; 3 s rather than the 2 s minimum because heartbeats stay 1 s. */
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration LEASE_MARGIN = Duration.ofMillis(500);
    /** The longest any single wait may take: the machine is shared and loaded. */
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final String POOL = "dr-pool";

    private static final Logger LOG = LoggerFactory.getLogger(FailoverLab.class);
    private static final String ACTOR = "failover-e2e";
    private static final String CLUSTERS = """
            apiVersion: egressfed.io/v1alpha1
            kind: EgressIPPool
            metadata:
              name: dr-pool
            spec:
              cidrs:
                - 198.51.100.0/27
              exclude:
                - 198.51.100.0/32
              clusterSelector:
                matchLabels:
                  region: eu
            ---
            apiVersion: egressfed.io/v1alpha1
            kind: MemberCluster
            metadata:
              name: dr-a
              labels:
                region: eu
            spec:
              backend: cilium
              gateway:
                nodeSelector:
                  matchLabels:
                    egress-gateway: "true"
            ---
            apiVersion: egressfed.io/v1alpha1
            kind: MemberCluster
            metadata:
              name: dr-b
              labels:
                region: eu
            spec:
              backend: cilium
              gateway:
                nodeSelector:
                  matchLabels:
                    egress-gateway: "true"
            """;

    private record Member(LabSpoke spoke, TcpProxy link) {
    }

    final LongSupplier clock = System::nanoTime;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ExampleManifests manifests;
    private HubServer hub;
    private DataplaneObserver observer;
    private PlacementHistory placements;

    private FailoverLab() {
    }

    /**
     * Starts the hub on {@code etcd}, both clusters and their agents, and waits until both agents are
     * connected and report a ready gateway. {@code intents} (YAML) are known to the clusters' seeds (their
     * workloads exist) but created in the hub only by {@link #create}.
     */
    static FailoverLab start(EtcdLauncher etcd, Path directory, String intents) throws Exception {
        FailoverLab lab = new FailoverLab();
        try {
            lab.startAll(etcd, directory, intents);
            return lab;
        } catch (Exception | AssertionError failure) {
            lab.close();
            throw failure;
        }
    }

    private void startAll(EtcdLauncher etcd, Path directory, String intents) throws Exception {
        Path manifestDir = Files.createDirectories(directory.resolve("manifests"));
        Files.writeString(manifestDir.resolve("clusters.yaml"), CLUSTERS);
        Files.writeString(manifestDir.resolve("intents.yaml"), intents);
        manifests = ExampleManifests.load(manifestDir);
        HubSettings settings = HubSettings.development(Files.createDirectories(directory.resolve("hub")))
                .withEtcd(List.of(etcd.endpoint()))
                .withLease(LEASE, LEASE_MARGIN);
        hub = HubServer.start(settings);
        started.push(hub);
        placements = new PlacementHistory(hub.store(), hub.keys(), clock);
        started.push(placements);
        observer = new DataplaneObserver(clock);
        started.push(observer);
        manifests.pools().forEach(pool -> hub.resources().create(ResourceKind.POOL, pool, ACTOR).join());
        for (MemberCluster member : manifests.clusters()) {
            hub.resources().create(ResourceKind.CLUSTER, member, ACTOR).join();
            startMember(member);
        }
        awaitReady();
    }

    private void startMember(MemberCluster member) throws Exception {
        String name = member.getMetadata().getName();
        ClusterSeed seed = ExampleSeeds.seed(manifests, name, Backend.BACKEND_CILIUM,
                Optional.of(member.getMetadata().getLabelsMap()), member.getSpec().getGateway().getNodeSelector(),
                2, 1);
        LabSpoke spoke = LabSpoke.start(seed, Backend.BACKEND_CILIUM,
                ExampleSeeds.gatewayLabels(member.getSpec().getGateway().getNodeSelector()), clock);
        started.push(spoke);
        TcpProxy link = TcpProxy.start(name, List.of(new InetSocketAddress("127.0.0.1", hub.grpcPort())));
        started.push(link);
        members.put(name, new Member(spoke, link));
        observer.watch(name, spoke.cluster().client());
        HubAccess access = new HubAccess(link.address(), hub.caPin(), Set.of(hub.signingKeyId().hex()));
        spoke.connect(access, Optional.of(hub.enrollmentTokens().create(name).get(30, TimeUnit.SECONDS).token()));
    }

    /** Awaitility with the lab's patience. */
    static ConditionFactory patiently() {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).pollInSameThread();
    }

    HubServer hub() {
        return hub;
    }

    DataplaneObserver observer() {
        return observer;
    }

    PlacementHistory placements() {
        return placements;
    }

    /** Creates the intent named {@code name} of the YAML the lab was started with. */
    void create(String name) {
        EgressIntent intent = manifests.intents().stream().filter(i -> i.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no intent " + name + " in the lab's YAML"));
        hub.resources().create(ResourceKind.INTENT, intent, ACTOR).join();
    }

    /** Deletes an intent if it exists (its addresses are released, its agents remove what they wrote). */
    void deleteIfPresent(String name) {
        if (hub.resources().get(ResourceKind.INTENT, name).join().isPresent()) {
            hub.resources().delete(ResourceKind.INTENT, name, "", ACTOR).join();
        }
    }

    /**
     * Waits until the coordinator committed {@code intent} active on {@code cluster} and that cluster's
     * dataplane holds {@code ip}.
     */
    void awaitActiveAndHeld(String intent, String ip, String cluster) {
        patiently().alias(intent + " active on " + cluster + " and " + ip + " held there")
                .until(() -> placements.activeOn(intent, cluster) && observer.held(cluster).contains(ip));
    }

    /** The address the hub allocated to {@code intent} in {@code cluster}, once it did. */
    String allocatedIp(String intent, String cluster) {
        return patiently().alias(intent + " allocated in " + cluster).until(
                () -> hub.resources().get(ResourceKind.INTENT, intent).join()
                        .flatMap(i -> i.getStatus().getAssignmentsList().stream()
                                .filter(a -> a.getCluster().equals(cluster) && !a.getIp().isEmpty())
                                .map(AssignmentStatus::getIp).findFirst()),
                Optional::isPresent).orElseThrow();
    }

    /** Whether the hub sees {@code cluster} connected and able to carry {@code intent}. */
    boolean healthyFor(String cluster, String intent) {
        return hub.liveStatus().status(cluster).map(s -> HealthView.healthy(s, intent)).orElse(false);
    }

    /** Fails the gateway node of {@code cluster} (NotReady); returns the lab clock just before. */
    long failGateway(String cluster) {
        return member(cluster).spoke().gateways().fail(ClusterSeed.nodeName(cluster, 0), NodeFailure.NOT_READY);
    }

    /** Restores the gateway node of {@code cluster}; returns the lab clock just before. */
    long restoreGateway(String cluster) {
        return member(cluster).spoke().gateways().restore(ClusterSeed.nodeName(cluster, 0));
    }

    /** Severs the link between {@code cluster}'s agent and the hub; returns the lab clock just before. */
    long cut(String cluster) {
        long at = clock.getAsLong();
        member(cluster).link().cut();
        return at;
    }

    /** Restores the link of {@code cluster}; returns the lab clock just before. */
    long heal(String cluster) {
        long at = clock.getAsLong();
        member(cluster).link().heal();
        return at;
    }

    /** Heals every link, restores every failed node and waits until both clusters are ready again. */
    void reset() {
        for (Member member : members.values()) {
            member.link().heal();
            member.spoke().gateways().failed().keySet().forEach(node -> member.spoke().gateways().restore(node));
        }
        awaitReady();
    }

    /** Both agents connected, with their gateway inventory stored and ready. */
    void awaitReady() {
        patiently().alias("both agents connected with a ready gateway").until(() -> members.keySet().stream()
                .allMatch(name -> healthyFor(name, "") && hub.resources().getInventory(name).join()
                        .filter(inventory -> inventory.getGatewaysCount() > 0).isPresent()));
    }

    /**
     * {@code POST /api/v1alpha1/intents/INTENT:failover {"toCluster": ...}} with the hub's initial admin token.
     *
     * @return the HTTP status and body
     */
    HttpResponse<String> failover(String intent, String toCluster) throws IOException, InterruptedException {
        String token = hub.initialAdminToken()
                .orElseThrow(() -> new IllegalStateException("the development hub issued no initial admin token"))
                .secret();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hub.adminPort() + "/api/v1alpha1/intents/" + intent
                                + ":failover"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"toCluster\": \"" + toCluster + "\"}",
                        StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The hub's live status of {@code cluster}, for messages. */
    String describe(String cluster) {
        return hub.liveStatus().status(cluster).map(LiveStatus::toString).orElse(cluster + ": never connected");
    }

    private Member member(String cluster) {
        Member member = members.get(cluster);
        if (member == null) {
            throw new IllegalArgumentException("no cluster " + cluster + " in the lab");
        }
        return member;
    }

    /** Stops agents and clusters, the proxies, the observer, the placement watch and the hub, newest first. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", next, e.toString());
            }
        }
    }
}

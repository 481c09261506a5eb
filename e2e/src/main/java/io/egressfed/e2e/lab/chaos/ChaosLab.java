package io.egressfed.e2e.lab.chaos;

import io.egressfed.hub.HubMain;
import io.egressfed.testsupport.EtcdLauncher;
import io.egressfed.testsupport.net.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one chaos run and the handles to break them: a real etcd, hub replica processes on
 * fixed loopback ports (below the ephemeral range, see {@link LoopbackPorts}), and per member cluster a
 * {@code egressfed-lab cluster} process whose agent
 * reaches the replicas through a {@link TcpProxy}. Everything stops on {@link #close()}, and is killed
 * by a shutdown hook if the runner dies first.
 */
final class ChaosLab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosLab.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int BIND_ATTEMPTS = 3;

    private final Path directory;
    private final JavaCommand java;
    private final HubCommandLine hubCommandLine;
    private final ProcessGroup processes = new ProcessGroup();
    private final EtcdLauncher etcd;
    private final Map<String, HubReplica> replicas = new LinkedHashMap<>();
    private final Map<String, ChildProcess> replicaProcesses = new LinkedHashMap<>();
    private final Map<String, TcpProxy> proxies = new LinkedHashMap<>();
    private final Map<String, ClusterProcess> clusters = new LinkedHashMap<>();
    private final LoopbackPorts ports = new LoopbackPorts();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ChaosLab(Path directory, JavaCommand java, HubCommandLine hubCommandLine, EtcdLauncher etcd) {
        this.directory = directory;
        this.java = java;
        this.hubCommandLine = hubCommandLine;
        this.etcd = etcd;
        processes.onJvmExit(etcd::kill);
    }

    /**
     * Starts {@code count} hub replicas, the first alone (it generates the shared key, CA and token).
     * When a replica could not bind one of its ports (another process took it after it was probed), all
     * of them are stopped and started again on new ports, up to {@link #BIND_ATTEMPTS} times.
     */
    void startReplicas(int count) throws Exception {
        for (int attempt = 1; ; attempt++) {
            assignReplicaPorts(count);
            try {
                startAssignedReplicas();
                return;
            } catch (ExecutionException | TimeoutException e) {
                List<String> unbound = replicasThatCouldNotBind();
                if (unbound.isEmpty() || attempt == BIND_ATTEMPTS) {
                    throw e;
                }
                LOG.warn("{} could not bind a port (attempt {} of {}); restarting the replicas on new ports",
                        unbound, attempt, BIND_ATTEMPTS);
                replicaProcesses.values().forEach(ChildProcess::kill);
                replicaProcesses.clear();
            }
        }
    }

    private void assignReplicaPorts(int count) {
        List<int[]> assigned = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] four = {ports.next(), ports.next(), ports.next(), ports.next()};
            assigned.add(four);
            seeds.add("127.0.0.1:" + four[3]);
        }
        Path dataDir = directory.resolve("hub-data");
        replicas.clear();
        for (int i = 0; i < count; i++) {
            int[] p = assigned.get(i);
            HubReplica replica = new HubReplica("hub-" + i, etcd.endpoint(), dataDir, p[0], p[1], p[2], p[3], seeds);
            replicas.put(replica.name(), replica);
        }
    }

    private void startAssignedReplicas() throws Exception {
        startReplica("hub-0").get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<CompletableFuture<Void>> others = new ArrayList<>();
        replicas.keySet().stream().skip(1).forEach(name -> others.add(startReplica(name)));
        CompletableFuture.allOf(others.toArray(CompletableFuture[]::new))
                .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private List<String> replicasThatCouldNotBind() {
        return replicaProcesses.keySet().stream().filter(name -> {
            try {
                return Files.readString(directory.resolve(name + ".log"), StandardCharsets.UTF_8)
                        .contains("Address already in use");
            } catch (IOException e) {
                return false;
            }
        }).toList();
    }

    /** Starts (or restarts) one replica; completes when its {@code /readyz} answers 200. */
    CompletableFuture<Void> startReplica(String name) {
        HubReplica replica = replicas.get(name);
        ChildProcess process = processes.add(ChildProcess.start(name,
                java.main(HubMain.class.getName(), hubCommandLine.arguments(replica)),
                directory.resolve(name + ".log"), answer -> { }));
        replicaProcesses.put(name, process);
        return Poll.until(name + " to be ready", START_TIMEOUT, () -> {
            if (!process.alive()) {
                throw new IllegalStateException(name + " exited; see " + directory.resolve(name + ".log"));
            }
            return ready(replica);
        });
    }

    private CompletableFuture<Boolean> ready(HubReplica replica) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort() + "/readyz"))
                .timeout(Duration.ofSeconds(2)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> failure == null && response.statusCode() == 200);
    }

    /** kill -9 a replica. */
    void killReplica(String name) {
        replicaProcesses.get(name).kill();
    }

    /** The replicas' names. */
    List<String> replicaNames() {
        return List.copyOf(replicas.keySet());
    }

    /** The admin API of every replica, with the token the first replica wrote (after it became ready). */
    AdminApi adminApi() throws Exception {
        Path tokenFile = directory.resolve("hub-data").resolve("admin-token");
        Poll.until("hub-0 to write its admin token to " + tokenFile, START_TIMEOUT,
                () -> CompletableFuture.completedFuture(Files.exists(tokenFile))).get();
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        return new AdminApi(replicas.values().stream().map(HubReplica::adminPort).toList(), token);
    }

    /**
     * Starts a cluster process whose agent enrolls with {@code bootstrapToken} through a new proxy.
     *
     * @return the process's handle, once its clock is checked against this process's
     */
    CompletableFuture<ClusterProcess> startCluster(String cluster, Path manifests, String bootstrapToken,
            String caSha256, String signingKeySha256) {
        TcpProxy proxy = TcpProxy.start(cluster, replicas.values().stream()
                .map(r -> new InetSocketAddress(InetAddress.getLoopbackAddress(), r.grpcPort())).toList());
        proxies.put(cluster, proxy);
        ClusterProcess handle = new ClusterProcess(cluster);
        List<String> arguments = List.of("cluster", "--name", cluster, "--backend", "cilium", "--nodes", "3",
                "--gateways", Integer.toString(gateways()), "--hub", proxy.address(),
                "--bootstrap-token", bootstrapToken, "--hub-ca-sha256", caSha256,
                "--hub-signing-key-sha256", signingKeySha256, "--examples", manifests.toString(),
                "--holds-file", holdsFile(cluster).toString(), "--control-stdin");
        handle.attach(processes.add(ChildProcess.start(cluster,
                java.main("io.egressfed.e2e.lab.LabMain", arguments), directory.resolve(cluster + ".log"),
                handle::answered)));
        clusters.put(cluster, handle);
        return checkClock(handle);
    }

    /**
     * The merge of every cluster's holds relies on System.nanoTime being one clock for all processes
     * (CLOCK_MONOTONIC on Linux); a reading of the child taken between two of ours proves it here.
     */
    private static CompletableFuture<ClusterProcess> checkClock(ClusterProcess handle) {
        long before = System.nanoTime();
        return handle.command("clock").thenApply(answer -> {
            long after = System.nanoTime();
            long theirs = Long.parseLong(answer.substring("clock ".length()).trim());
            if (theirs < before || theirs > after) {
                throw new IllegalStateException("System.nanoTime of " + handle.cluster() + " (" + theirs
                        + ") is not between two readings of the runner (" + before + ", " + after
                        + "): holds of several processes cannot be merged on this machine");
            }
            return handle;
        });
    }

    /** Gateway nodes per cluster. */
    int gateways() {
        return 2;
    }

    /** Where a cluster process appends its holds. */
    Path holdsFile(String cluster) {
        return directory.resolve(cluster + ".holds.jsonl");
    }

    /** The journals of every cluster. */
    HoldJournals journals() {
        return new HoldJournals(clusters.keySet().stream().map(this::holdsFile).toList());
    }

    /** The cluster processes. */
    ClusterProcess cluster(String name) {
        return clusters.get(name);
    }

    /** The proxy in front of a cluster's agent. */
    TcpProxy proxy(String cluster) {
        return proxies.get(cluster);
    }

    /** The run's etcd. */
    EtcdLauncher etcd() {
        return etcd;
    }

    /** Stops the cluster processes, the replicas, the proxies and etcd. */
    @Override
    public void close() {
        processes.close();
        proxies.values().forEach(TcpProxy::close);
        etcd.close();
    }

}

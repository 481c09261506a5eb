package io.egressfed.e2e.bench;

import io.egressfed.agent.link.TlsLinkChannels;
import io.egressfed.api.envelope.Ed25519EnvelopeSigner;
import io.egressfed.api.envelope.Ed25519KeyPair;
import io.egressfed.api.envelope.PinnedKeyConfigVerifier;
import io.egressfed.api.envelope.Verification;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.GetSigningKeysRequest;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import io.egressfed.api.v1alpha1.SpokeLinkGrpc;
import io.egressfed.e2e.lab.demo.LabHub;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Txn;
import io.grpc.ManagedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Measures the {@link Floor} against the benchmark's hub and etcd. */
public final class FloorScenario implements Scenario {

    private static final int WARM_UP = 20;

    private final LabHub lab;
    private final int iterations;
    private Floor floor;

    /**
     * @param lab the hub (with real etcd) the other scenarios use
     * @param iterations how many times each operation is timed
     */
    public FloorScenario(LabHub lab, int iterations) {
        this.lab = lab;
        this.iterations = iterations;
    }

    @Override
    public String name() {
        return "floor";
    }

    /** The floor measured by {@link #run()}. */
    public Floor floor() {
        if (floor == null) {
            throw new IllegalStateException("the floor has not been measured yet");
        }
        return floor;
    }

    @Override
    public ScenarioReport run() throws Exception {
        String key = lab.hub().keys().root() + "bench/floor";
        byte[] value = "floor".getBytes(StandardCharsets.US_ASCII);
        Latencies etcd = time(() -> lab.hub().store().commit(Txn.of(Op.put(key, value))).get(10, TimeUnit.SECONDS));

        ManagedChannel channel = new TlsLinkChannels(lab.spokeLinkAddress(), lab.hub().caPin()).enrollment();
        Latencies grpc;
        try {
            SpokeLinkGrpc.SpokeLinkBlockingStub stub = SpokeLinkGrpc.newBlockingStub(channel);
            grpc = time(() -> stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getSigningKeys(GetSigningKeysRequest.getDefaultInstance()));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        Ed25519KeyPair key25519 = Ed25519KeyPair.generate();
        Ed25519EnvelopeSigner signer = new Ed25519EnvelopeSigner(key25519);
        PinnedKeyConfigVerifier verifier = new PinnedKeyConfigVerifier(List.of(key25519.publicKey()), "bench-floor",
                Clock.systemUTC());
        long[] version = {0};
        Latencies crypto = time(() -> {
            version[0]++;
            SignedEnvelope envelope = signer.signConfig(typicalConfig(version[0]));
            if (!(verifier.verify(envelope, version[0] - 1) instanceof Verification.Accepted)) {
                throw new IllegalStateException("the floor's own config did not verify");
            }
            return envelope;
        });
        floor = new Floor(etcd, grpc, crypto);

        ResultTable.Builder table = new ResultTable.Builder(
                "Floor: the unavoidable work of one propagation (" + iterations + " timed runs each)",
                "OPERATION", "P50", "P95", "P99", "MAX");
        table.row(with("etcd transaction (one put)", etcd.cells()));
        table.row(with("gRPC round trip (loopback, TLS, unary)", grpc.cells()));
        table.row(with("Ed25519 sign + verify (one config)", crypto.cells()));
        table.row("floor = sum of the medians", Latencies.format(floor.millis()), "", "", "");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("iterations", iterations);
        figures.put("etcdTxn", etcd);
        figures.put("grpcRoundTrip", grpc);
        figures.put("ed25519SignVerify", crypto);
        figures.put("floorMillis", floor.millis());
        return new ScenarioReport(name(), List.of(table.build()), figures,
                List.of("etcd is " + lab.storeDescription() + "; the gRPC call is SpokeLink.GetSigningKeys on the hub."));
    }

    private Latencies time(Callable<?> operation) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            operation.call();
        }
        List<Long> samples = new ArrayList<>(iterations);
        for (int i = 0; i < iterations; i++) {
            long started = System.nanoTime();
            operation.call();
            samples.add(System.nanoTime() - started);
        }
        return Latencies.ofNanos(samples);
    }

    /** A config as one intent on one cluster produces it. */
    private static ClusterConfig typicalConfig(long version) {
        long now = System.currentTimeMillis();
        return ClusterConfig.newBuilder()
                .setCluster("bench-floor")
                .setVersion(version)
                .setIssuedAt(com.google.protobuf.util.Timestamps.fromMillis(now))
                .setExpiresAt(com.google.protobuf.util.Timestamps.fromMillis(now + 3_600_000))
                .setBackend(Backend.BACKEND_CILIUM)
                .addAssignments(ConfigAssignment.newBuilder()
                        .setIntent("payments-bank-api")
                        .setEgressIp("198.18.0.10")
                        .addDestinationCidrs("203.0.113.0/24")
                        .setRole(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE)
                        .setMode(PlacementMode.PLACEMENT_MODE_PER_CLUSTER))
                .build();
    }

    static String[] with(String first, String[] rest) {
        String[] row = new String[rest.length + 1];
        row[0] = first;
        System.arraycopy(rest, 0, row, 1, rest.length);
        return row;
    }
}

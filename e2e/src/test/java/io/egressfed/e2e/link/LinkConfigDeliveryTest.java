package io.egressfed.e2e.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.egressfed.agent.pki.AgentTlsContexts;
import io.egressfed.api.pki.CsrBuilder;
import io.egressfed.api.pki.EnrolledCredentials;
import io.egressfed.api.pki.KeyPairs;
import io.egressfed.api.pki.TlsIdentity;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.Hello;
import io.egressfed.api.v1alpha1.HubMessage;
import io.egressfed.api.v1alpha1.SpokeLinkGrpc;
import io.egressfed.e2e.link.LinkLab.RecordingApplier;
import io.egressfed.e2e.link.LinkLab.SentConfig;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configs reach the agent of their cluster, and only that agent, over real mutual TLS. */
class LinkConfigDeliveryTest {

    private static final String EU = "eu-west-1";
    private static final String US = "us-east-1";

    @TempDir
    Path work;
    private LinkLab lab;
    private ManagedChannel rawChannel;

    @BeforeEach
    void startHub() throws Exception {
        lab = new LinkLab(work);
    }

    @AfterEach
    void stop() throws Exception {
        if (rawChannel != null) {
            rawChannel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        lab.close();
    }

    @Test
    void enrolledAgentReceivesItsConfigRightAfterTheWrite() throws Exception {
        RecordingApplier applier = new RecordingApplier();
        lab.startAgent("eu", lab.agentSettings(EU), applier);
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.status(EU).connected());

        lab.writeConfig(EU, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> applier.applied.contains(1L));
        System.out.println("config version 1 applied by the agent " + lab.sinceWritten(1).toMillis()
                + " ms after it was written (debounce 50 ms)");
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.status(EU).appliedVersion() == 1);
        System.out.println("ACK of version 1 recorded in the live status " + lab.sinceWritten(1).toMillis()
                + " ms after the write");
        assertThat(applier.applied).containsExactly(1L);
        assertThat(lab.status(EU).toMemberClusterStatus().getAppliedVersion()).isEqualTo(1);
    }

    @Test
    void anAgentNeverReceivesAnotherClustersConfig() throws Exception {
        RecordingApplier euApplier = new RecordingApplier();
        RecordingApplier usApplier = new RecordingApplier();
        lab.startAgent("eu", lab.agentSettings(EU), euApplier);
        lab.startAgent("us", lab.agentSettings(US), usApplier);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> lab.status(EU).connected() && lab.status(US).connected());

        lab.writeConfig(EU, 1);
        lab.writeConfig(EU, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.status(EU).appliedVersion() == 2);
        lab.writeConfig(US, 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.status(US).appliedVersion() == 7);

        assertThat(usApplier.applied).containsExactly(7L);
        assertThat(euApplier.applied).endsWith(2L).doesNotContain(7L);
        assertThat(lab.sent).as("every push went to the cluster the config is for")
                .isNotEmpty()
                .allSatisfy(sent -> assertThat(sent.configCluster()).isEqualTo(sent.cluster()));
        assertThat(lab.sent).filteredOn(sent -> sent.cluster().equals(US)).extracting(SentConfig::version)
                .containsExactly(7L);
    }

    @Test
    void aClientWithOneClustersCertificateClaimingAnotherInHelloIsRefused() throws Exception {
        lab.writeConfig(US, 1);
        KeyPair keys = KeyPairs.generateP256();
        X509Certificate euCertificate = lab.ca.issueClientCertificate(CsrBuilder.forCluster(EU).build(keys), EU,
                Duration.ofHours(1));
        EnrolledCredentials eu = new EnrolledCredentials(new TlsIdentity(keys.getPrivate(), List.of(euCertificate)),
                lab.ca.certificate());
        rawChannel = NettyChannelBuilder.forTarget(lab.target())
                .sslContext(AgentTlsContexts.forLink(eu, lab.ca.pin()))
                .build();
        List<HubMessage> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Status> closed = new CompletableFuture<>();

        StreamObserver<AgentMessage> upstream = SpokeLinkGrpc.newStub(rawChannel)
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .connect(new StreamObserver<>() {
                    @Override
                    public void onNext(HubMessage message) {
                        received.add(message);
                    }

                    @Override
                    public void onError(Throwable error) {
                        closed.complete(Status.fromThrowable(error));
                    }

                    @Override
                    public void onCompleted() {
                        closed.complete(Status.OK);
                    }
                });
        upstream.onNext(AgentMessage.newBuilder()
                .setHello(Hello.newBuilder().setCluster(US).setLastAppliedVersion(0))
                .build());

        Status status = closed.get(20, TimeUnit.SECONDS);
        String expected = "hello names cluster \"us-east-1\" but the client certificate identifies cluster"
                + " \"eu-west-1\"; a cluster may only receive its own config";
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).isEqualTo(expected);
        assertThat(received).containsExactly(HubMessage.newBuilder().setError(expected).build());
        assertThat(lab.sent).isEmpty();
        assertThat(lab.liveStatus.status(US)).as("the refused stream never counted as us-east-1's agent").isEmpty();
        assertThat(lab.liveStatus.status(EU)).as("nor as eu-west-1's").isEmpty();
    }
}

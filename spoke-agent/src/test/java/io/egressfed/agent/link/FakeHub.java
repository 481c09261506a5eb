package io.egressfed.agent.link;

import io.egressfed.api.pki.Csrs;
import io.egressfed.api.pki.Pem;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.EnrollRequest;
import io.egressfed.api.v1alpha1.EnrollResponse;
import io.egressfed.api.v1alpha1.Heartbeat;
import io.egressfed.api.v1alpha1.HubMessage;
import io.egressfed.api.v1alpha1.LeaseGrant;
import io.egressfed.api.v1alpha1.RenewRequest;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import io.egressfed.api.v1alpha1.SpokeLinkGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A scripted hub for agent tests over in-process gRPC: issues certificates from a {@link TestCa}, records
 * every stream and what the agent sent on it, and lets the test push configs and lease grants or end streams.
 */
final class FakeHub extends SpokeLinkGrpc.SpokeLinkImplBase {

    final TestCa ca = new TestCa();
    final AtomicInteger enrollCalls = new AtomicInteger();
    final AtomicInteger renewCalls = new AtomicInteger();
    final List<Stream> streams = new CopyOnWriteArrayList<>();
    volatile Duration certificateValidity = Duration.ofHours(1);
    volatile Optional<Status> enrollRefusal = Optional.empty();
    /** When false the hub never answers: no heartbeat, nothing. */
    volatile boolean answerHello = true;

    /** One Connect stream as the hub sees it. */
    static final class Stream {
        final List<AgentMessage> received = new CopyOnWriteArrayList<>();
        final StreamObserver<HubMessage> toAgent;
        volatile boolean ended;

        Stream(StreamObserver<HubMessage> toAgent) {
            this.toAgent = toAgent;
        }

        void push(SignedEnvelope envelope) {
            synchronized (toAgent) {
                toAgent.onNext(HubMessage.newBuilder().setConfig(envelope).build());
            }
        }

        void grant(LeaseGrant grant) {
            synchronized (toAgent) {
                toAgent.onNext(HubMessage.newBuilder().setLease(grant).build());
            }
        }

        void close(Status status) {
            synchronized (toAgent) {
                toAgent.onError(status.asRuntimeException());
            }
        }

        long heartbeats() {
            return received.stream().filter(AgentMessage::hasHeartbeat).count();
        }
    }

    Stream lastStream() {
        return streams.get(streams.size() - 1);
    }

    @Override
    public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> responses) {
        enrollCalls.incrementAndGet();
        if (enrollRefusal.isPresent()) {
            responses.onError(enrollRefusal.get().asRuntimeException());
            return;
        }
        respond(Csrs.fromDer(request.getCsrDer().toByteArray()), responses);
    }

    @Override
    public void renew(RenewRequest request, StreamObserver<EnrollResponse> responses) {
        renewCalls.incrementAndGet();
        respond(Csrs.fromDer(request.getCsrDer().toByteArray()), responses);
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<HubMessage> responses) {
        Stream stream = new Stream(responses);
        streams.add(stream);
        return new StreamObserver<>() {
            @Override
            public void onNext(AgentMessage message) {
                stream.received.add(message);
                if (message.hasHello() && answerHello) {
                    synchronized (responses) {
                        responses.onNext(HubMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSeq(1)).build());
                    }
                }
            }

            @Override
            public void onError(Throwable error) {
                stream.ended = true;
            }

            @Override
            public void onCompleted() {
                stream.ended = true;
            }
        };
    }

    private void respond(PKCS10CertificationRequest csr,
            StreamObserver<EnrollResponse> responses) {
        Instant now = Instant.now();
        X509Certificate certificate = ca.issue(csr, now.minusMillis(10), now.plus(certificateValidity));
        responses.onNext(EnrollResponse.newBuilder()
                .setCertificatePem(Pem.encodeCertificate(certificate))
                .setCaPem(Pem.encodeCertificate(ca.certificate()))
                .build());
        responses.onCompleted();
    }
}

package io.egressfed.hub.link;

import com.google.protobuf.InvalidProtocolBufferException;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.HubMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hub's side of a Connect stream without a network: records what is sent and lets the test decide
 * when the transport is ready, as gRPC flow control would.
 */
final class FakeServerStream extends ServerCallStreamObserver<HubMessage> {

    final List<HubMessage> sent = new CopyOnWriteArrayList<>();
    final List<HubMessage> sentAfterClose = new CopyOnWriteArrayList<>();
    final AtomicReference<Status> closed = new AtomicReference<>();
    private volatile boolean ready = true;
    private volatile Runnable onReady = () -> { };
    private volatile Runnable onCancel = () -> { };

    /** Makes the transport (not) ready; becoming ready runs the ready handler, as gRPC does. */
    void setReady(boolean nowReady) {
        ready = nowReady;
        if (nowReady) {
            onReady.run();
        }
    }

    /** The agent went away. */
    void cancelByAgent() {
        onCancel.run();
    }

    /** The configs sent, by version. */
    List<Long> configVersions() {
        return sent.stream().filter(HubMessage::hasConfig).map(FakeServerStream::version).toList();
    }

    /** The number of heartbeats sent. */
    long heartbeats() {
        return sent.stream().filter(HubMessage::hasHeartbeat).count();
    }

    private static long version(HubMessage message) {
        try {
            return ClusterConfig.parseFrom(message.getConfig().getPayload()).getVersion();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onNext(HubMessage value) {
        if (closed.get() != null) {
            sentAfterClose.add(value);
            return;
        }
        sent.add(value);
    }

    @Override
    public void onError(Throwable error) {
        closed.set(Status.fromThrowable(error));
    }

    @Override
    public void onCompleted() {
        closed.set(Status.OK);
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
        onReady = handler;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
        onCancel = handler;
    }

    @Override
    public void setCompression(String compression) {
        // Not relevant without a transport.
    }

    @Override
    public void disableAutoInboundFlowControl() {
        // Not relevant without a transport.
    }

    @Override
    public void request(int count) {
        // Not relevant without a transport.
    }

    @Override
    public void setMessageCompression(boolean enable) {
        // Not relevant without a transport.
    }
}

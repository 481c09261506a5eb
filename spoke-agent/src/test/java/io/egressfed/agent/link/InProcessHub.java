package io.egressfed.agent.link;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A fake hub served over the in-process transport, the channels links open to it and the scheduler they
 * run on; {@link #close()} stops all of it, in the manner of grpc-java's {@code GrpcCleanupRule}.
 */
final class InProcessHub implements AutoCloseable {

    private final BindableService hub;
    private final InProcessChannels channels = new InProcessChannels();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private Server server;

    InProcessHub(BindableService hub) {
        this.hub = hub;
    }

    /** Starts serving the hub. */
    void start() throws IOException {
        server = InProcessServerBuilder.forName(channels.name).addService(hub).build().start();
    }

    /** The channels links open to the hub. */
    InProcessChannels channels() {
        return channels;
    }

    /** A scheduler for links and stores, stopped on {@link #close()}. */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        for (ManagedChannel channel : channels.opened) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        scheduler.shutdownNow();
    }
}

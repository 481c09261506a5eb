package io.egressfed.agent.link;

import io.egressfed.api.pki.EnrolledCredentials;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-process channels to the fake hub, recording which credentials each link channel was built with. */
final class InProcessChannels implements LinkChannels {
    final String name = InProcessServerBuilder.generateName();
    final List<EnrolledCredentials> linkCredentials = new CopyOnWriteArrayList<>();
    final List<ManagedChannel> opened = new CopyOnWriteArrayList<>();

    @Override
    public ManagedChannel enrollment() {
        return open();
    }

    @Override
    public ManagedChannel link(EnrolledCredentials credentials) {
        linkCredentials.add(credentials);
        return open();
    }

    private ManagedChannel open() {
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        opened.add(channel);
        return channel;
    }
}

package io.egressfed.agent.link;

import io.egressfed.agent.pki.AgentTlsContexts;
import io.egressfed.api.pki.CaPin;
import io.egressfed.api.pki.EnrolledCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Objects;

/** Netty TLS channels to one hub address, trusting only the pinned hub CA. */
public final class TlsLinkChannels implements LinkChannels {

    private final String target;
    private final CaPin pin;

    /**
     * Creates the factory.
     *
     * @param target the hub address, {@code host:port} (the host must be in the hub certificate's names)
     * @param pin the hub CA fingerprint given at install
     */
    public TlsLinkChannels(String target, CaPin pin) {
        this.target = Objects.requireNonNull(target, "target");
        this.pin = Objects.requireNonNull(pin, "pin");
    }

    @Override
    public ManagedChannel enrollment() throws IOException {
        return build(AgentTlsContexts.forEnrollment(pin));
    }

    @Override
    public ManagedChannel link(EnrolledCredentials credentials) throws GeneralSecurityException, IOException {
        return build(AgentTlsContexts.forLink(credentials, pin));
    }

    private ManagedChannel build(SslContext context) {
        return NettyChannelBuilder.forTarget(target).sslContext(context).build();
    }

    @Override
    public String toString() {
        return "TlsLinkChannels[" + target + ", " + pin + "]";
    }
}

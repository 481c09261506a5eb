package io.egressfed.agent.link;

import io.egressfed.api.pki.EnrolledCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.security.GeneralSecurityException;

/** Opens the agent's channels to the hub. The caller shuts down every channel it gets. */
public interface LinkChannels {

    /**
     * A channel for {@code Enroll}: no client certificate, the hub trusted through the CA pin only.
     *
     * @return a new channel
     * @throws GeneralSecurityException when the TLS context cannot be set up
     * @throws IOException when the TLS provider refuses the configuration
     */
    ManagedChannel enrollment() throws GeneralSecurityException, IOException;

    /**
     * A mutual-TLS channel for {@code Connect} and {@code Renew}.
     *
     * @param credentials the agent's client identity and the hub CA
     * @return a new channel
     * @throws GeneralSecurityException when the stored CA does not match the pin
     * @throws IOException when the TLS provider refuses the key or certificates
     */
    ManagedChannel link(EnrolledCredentials credentials) throws GeneralSecurityException, IOException;
}

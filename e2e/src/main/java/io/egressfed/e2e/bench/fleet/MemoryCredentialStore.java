package io.egressfed.e2e.bench.fleet;

import io.egressfed.agent.link.CredentialStore;
import io.egressfed.api.pki.EnrolledCredentials;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Keeps a lightweight agent's client credentials in memory: they live as long as the benchmark. */
final class MemoryCredentialStore implements CredentialStore {

    private final AtomicReference<EnrolledCredentials> stored = new AtomicReference<>();

    @Override
    public Optional<EnrolledCredentials> load() {
        return Optional.ofNullable(stored.get());
    }

    @Override
    public void save(EnrolledCredentials credentials) {
        stored.set(credentials);
    }
}

package io.egressfed.agent;

import io.egressfed.agent.link.LinkChannels;
import io.egressfed.api.envelope.Ed25519Pem;
import io.egressfed.api.envelope.Ed25519PublicKey;
import io.egressfed.api.envelope.KeyId;
import io.egressfed.api.v1alpha1.GetSigningKeysRequest;
import io.egressfed.api.v1alpha1.SigningKey;
import io.egressfed.api.v1alpha1.SpokeLinkGrpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Resolves the hub signing keys an agent was installed with as key ids
 * ({@code --hub-signing-key-sha256}) into public keys. Keys already resolved are read from the state
 * directory; missing ones are fetched from the hub over TLS pinned to the hub CA, and only keys whose
 * id was pinned are kept, so the hub cannot introduce a key the operator did not name.
 */
final class SigningKeyPins {

    private SigningKeyPins() {
    }

    static List<Ed25519PublicKey> resolve(Set<String> pinnedIds, Path stateDir, LinkChannels channels)
            throws IOException {
        Map<String, Ed25519PublicKey> resolved = new LinkedHashMap<>();
        Path directory = stateDir.resolve("hub-signing-keys");
        for (String id : pinnedIds) {
            Path file = directory.resolve(id + ".pem");
            if (Files.exists(file)) {
                Ed25519PublicKey key = Ed25519Pem.readPublicKey(file);
                if (!key.keyId().hex().equals(id)) {
                    throw new IOException(file + ": holds key " + key.keyId().hex() + ", not the pinned " + id);
                }
                resolved.put(id, key);
            }
        }
        if (resolved.size() < pinnedIds.size()) {
            for (SigningKey announced : fetch(channels)) {
                String id = announced.getKeyId().toLowerCase(Locale.ROOT);
                if (!pinnedIds.contains(id) || resolved.containsKey(id)) {
                    continue;
                }
                Ed25519PublicKey key = Ed25519Pem.parsePublicKey(announced.getPublicKeyPem(), "hub key " + id);
                if (!key.keyId().equals(KeyId.of(key)) || !key.keyId().hex().equals(id)) {
                    throw new IOException("the hub announced key id " + id + " for a key whose id is "
                            + key.keyId().hex());
                }
                Files.createDirectories(directory);
                Path file = directory.resolve(id + ".pem");
                if (!Files.exists(file)) {
                    Ed25519Pem.writePublicKey(key, file);
                }
                resolved.put(id, key);
            }
        }
        Set<String> missing = new TreeSet<>(pinnedIds);
        missing.removeAll(resolved.keySet());
        if (!missing.isEmpty()) {
            throw new IOException("the hub does not announce the pinned signing key(s) " + missing
                    + "; check --hub-signing-key-sha256");
        }
        return new ArrayList<>(resolved.values());
    }

    private static List<SigningKey> fetch(LinkChannels channels) throws IOException {
        ManagedChannel channel;
        try {
            channel = channels.enrollment();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot set up TLS to the hub: " + e.getMessage(), e);
        }
        try {
            return SpokeLinkGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getSigningKeys(GetSigningKeysRequest.getDefaultInstance()).getSigningKeysList();
        } catch (io.grpc.StatusRuntimeException e) {
            throw new IOException("could not fetch the hub's signing keys: " + e.getStatus(), e);
        } finally {
            channel.shutdownNow();
        }
    }
}

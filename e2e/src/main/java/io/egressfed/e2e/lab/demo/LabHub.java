package io.egressfed.e2e.lab.demo;

import io.egressfed.hub.HubServer;
import io.egressfed.hub.HubSettings;
import io.egressfed.testsupport.EtcdBinary;
import io.egressfed.testsupport.EtcdLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lab's hub: a development hub on loopback, keeping its state in a real etcd (started for the
 * occasion, when an etcd binary is installed) or in the in-memory store.
 */
public final class LabHub implements AutoCloseable {

    /** Where the hub keeps its state. */
    public enum StoreChoice {
        /** Real etcd when installed, else in-memory. */
        AUTO,
        /** Real etcd; fails when none is installed. */
        ETCD,
        /** The in-memory store. */
        MEMORY
    }

    private final HubServer hub;
    private final Optional<EtcdLauncher> etcd;
    private final Optional<Path> etcdBinary;
    private final Path dataDir;
    private final StoreChoice choice;

    private LabHub(HubServer hub, Optional<EtcdLauncher> etcd, Optional<Path> etcdBinary, Path dataDir,
            StoreChoice choice) {
        this.choice = choice;
        this.hub = hub;
        this.etcd = etcd;
        this.etcdBinary = etcdBinary;
        this.dataDir = dataDir;
    }

    /**
     * Starts etcd (if chosen) and the hub; returns once both serve.
     *
     * @throws IOException              when the hub cannot start
     * @throws IllegalArgumentException when etcd is required but not installed
     */
    public static LabHub start(StoreChoice choice) throws IOException {
        Optional<Path> binary = choice == StoreChoice.MEMORY ? Optional.empty() : EtcdBinary.locate();
        if (choice == StoreChoice.ETCD && binary.isEmpty()) {
            throw new IllegalArgumentException("--store etcd: " + EtcdBinary.INSTALL_HINT);
        }
        Path dataDir = Files.createTempDirectory("egressfed-lab-hub-");
        Optional<EtcdLauncher> etcd = binary.map(EtcdLauncher::startNew);
        try {
            HubSettings settings = HubSettings.development(dataDir);
            if (etcd.isPresent()) {
                settings = settings.withEtcd(List.of(etcd.get().endpoint()));
            }
            return new LabHub(HubServer.start(settings), etcd, binary, dataDir, choice);
        } catch (IOException | RuntimeException failure) {
            etcd.ifPresent(EtcdLauncher::close);
            deleteQuietly(dataDir);
            throw failure;
        }
    }

    /** The running hub. */
    public HubServer hub() {
        return hub;
    }

    /** Whether the hub stores its state in a real etcd. */
    public boolean usesEtcd() {
        return etcd.isPresent();
    }

    /** A sentence naming the store, e.g. {@code real etcd (/usr/bin/etcd) at http://127.0.0.1:40001}. */
    public String storeDescription() {
        return etcd.map(e -> "real etcd (" + etcdBinary.orElseThrow() + ") at " + e.endpoint())
                .orElse(choice == StoreChoice.MEMORY ? "in-memory store (--store memory)"
                        : "in-memory store (no etcd binary on PATH; `make test-deps` installs one)");
    }

    /** The spoke-link address agents dial. */
    public String spokeLinkAddress() {
        return "127.0.0.1:" + hub.grpcPort();
    }

    /** Stops the hub, then etcd, and deletes the hub's generated keys. */
    @Override
    public void close() {
        hub.close();
        etcd.ifPresent(EtcdLauncher::close);
        deleteQuietly(dataDir);
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the lab hub's directory " + directory, e);
        }
    }
}

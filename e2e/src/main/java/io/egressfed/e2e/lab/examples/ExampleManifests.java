package io.egressfed.e2e.lab.examples;

import io.egressfed.api.manifest.Manifest;
import io.egressfed.api.manifest.ManifestCodec;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.security.CodeSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The resources of a directory of manifests (the repository's {@code examples/}), by kind, each list in
 * file then document order.
 *
 * @param directory where they were read from
 * @param pools     the EgressIPPools
 * @param clusters  the MemberClusters
 * @param intents   the EgressIntents
 */
public record ExampleManifests(Path directory, List<EgressIPPool> pools, List<MemberCluster> clusters,
        List<EgressIntent> intents) {

    /** Copies the lists. */
    public ExampleManifests {
        Objects.requireNonNull(directory, "directory");
        pools = List.copyOf(pools);
        clusters = List.copyOf(clusters);
        intents = List.copyOf(intents);
    }

    /**
     * Reads every {@code *.yaml} / {@code *.yml} file of {@code directory}, sorted by name.
     *
     * @throws IOException when a file cannot be read
     * @throws io.egressfed.api.manifest.ManifestException when a file holds an invalid manifest (the
     *     message names the file, document and field)
     */
    public static ExampleManifests load(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                    .toList();
        }
        ManifestCodec codec = ManifestCodec.create();
        List<EgressIPPool> pools = new ArrayList<>();
        List<MemberCluster> clusters = new ArrayList<>();
        List<EgressIntent> intents = new ArrayList<>();
        for (Path file : files) {
            for (Manifest manifest : codec.decode(Files.readString(file), file.getFileName().toString())) {
                switch (manifest.kind()) {
                    case "EgressIPPool" -> pools.add(manifest.as(EgressIPPool.class));
                    case "MemberCluster" -> clusters.add(manifest.as(MemberCluster.class));
                    case "EgressIntent" -> intents.add(manifest.as(EgressIntent.class));
                    default -> throw new IllegalArgumentException(file + ": unexpected kind " + manifest.kind());
                }
            }
        }
        return new ExampleManifests(directory, pools, clusters, intents);
    }

    /**
     * Finds the examples directory: {@code given} when present, else {@code ./examples}, else the
     * {@code examples/} of the repository this code was built in.
     *
     * @throws IllegalArgumentException when none exists, saying where it looked
     */
    public static Path locate(Optional<Path> given) {
        if (given.isPresent()) {
            if (!Files.isDirectory(given.get())) {
                throw new IllegalArgumentException("--examples: " + given.get() + " is not a directory");
            }
            return given.get();
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("examples"));
        repositoryRoot().ifPresent(root -> candidates.add(root.resolve("examples")));
        return candidates.stream().filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no examples directory at " + candidates
                        + ": run from the repository root or pass --examples DIR"));
    }

    /** The cluster named {@code name}, if the examples declare it. */
    public Optional<MemberCluster> cluster(String name) {
        return clusters.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
    }

    /** {@code <root>/e2e/target/classes} or {@code <root>/e2e/target/egressfed-e2e-*.jar} → {@code <root>}. */
    private static Optional<Path> repositoryRoot() {
        CodeSource source = ExampleManifests.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return Optional.empty();
        }
        try {
            // Both the classes directory and the jar sit directly in <root>/e2e/target.
            Path target = Path.of(source.getLocation().toURI()).toAbsolutePath().getParent();
            Path module = target == null ? null : target.getParent();
            return Optional.ofNullable(module == null ? null : module.getParent());
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            return Optional.empty();
        }
    }
}

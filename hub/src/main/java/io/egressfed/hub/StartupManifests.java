package io.egressfed.hub;

import com.google.protobuf.Message;
import io.egressfed.api.manifest.Manifest;
import io.egressfed.api.manifest.ManifestCodec;
import io.egressfed.api.manifest.ManifestException;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.hub.state.AlreadyExistsException;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.ResourceService;
import io.egressfed.hub.validate.ValidationException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The manifests of {@code egressfed-hub --apply}: read and decoded before the hub starts, so that a typo
 * fails fast as a usage error, then created or updated once it runs.
 *
 * @param manifests pools first, then clusters, then intents (intents refer to the others)
 */
record StartupManifests(List<Manifest> manifests) {

    private static final List<String> ORDER = List.of("EgressIPPool", "MemberCluster", "EgressIntent");

    /** Copies the list. */
    StartupManifests {
        manifests = List.copyOf(manifests);
    }

    /**
     * Reads YAML files and the {@code .yaml}/{@code .yml} files of directories.
     *
     * @throws ParameterException naming {@code --apply}, the path and the reason
     */
    static StartupManifests read(List<Path> paths, CommandLine commandLine) {
        ManifestCodec codec = ManifestCodec.create();
        List<Manifest> manifests = new ArrayList<>();
        for (Path path : paths) {
            try {
                for (Path file : files(path)) {
                    manifests.addAll(codec.decode(Files.readString(file), file.toString()));
                }
            } catch (IOException e) {
                throw new ParameterException(commandLine, "--apply " + path + ": cannot read: " + e);
            } catch (ManifestException e) {
                throw new ParameterException(commandLine, "--apply " + path + ": " + e.getMessage());
            }
        }
        return new StartupManifests(manifests.stream()
                .sorted(Comparator.comparingInt(manifest -> ORDER.indexOf(manifest.kind()))).toList());
    }

    private static List<Path> files(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> listing = Files.list(path)) {
            return listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        }
    }

    /**
     * Creates or updates each resource, printing a line per applied one.
     *
     * @return false after the first refused one (its reason printed to {@code err}); the rest is not applied
     */
    boolean apply(ResourceService resources, PrintStream out, PrintWriter err) {
        for (Manifest manifest : manifests) {
            try {
                switch (manifest.kind()) {
                    case "EgressIPPool" -> createOrUpdate(resources, ResourceKind.POOL, manifest.as(EgressIPPool.class));
                    case "MemberCluster" ->
                            createOrUpdate(resources, ResourceKind.CLUSTER, manifest.as(MemberCluster.class));
                    case "EgressIntent" -> createOrUpdate(resources, ResourceKind.INTENT, manifest.as(EgressIntent.class));
                    default -> throw new IllegalStateException("unknown kind " + manifest.kind());
                }
                out.printf("  applied:      %s/%s%n", manifest.kind(), manifest.name());
            } catch (CompletionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                err.printf("--apply %s/%s refused: %s%n", manifest.kind(), manifest.name(),
                        cause instanceof ValidationException ? cause.getMessage() : cause.toString());
                return false;
            }
        }
        return true;
    }

    private static <T extends Message> void createOrUpdate(ResourceService resources, ResourceKind<T> kind, T object) {
        try {
            resources.create(kind, object, "hub:--apply").join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AlreadyExistsException) {
                resources.update(kind, object, "hub:--apply").join();
            } else {
                throw e;
            }
        }
    }
}

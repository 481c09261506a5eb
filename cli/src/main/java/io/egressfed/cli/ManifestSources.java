package io.egressfed.cli;

import io.egressfed.api.manifest.Manifest;
import io.egressfed.api.manifest.ManifestCodec;
import io.egressfed.api.manifest.ManifestError;
import io.egressfed.api.manifest.ManifestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads the manifests {@code apply -f} names: files, directories (their {@code .yaml}, {@code .yml} and
 * {@code .json} files, in name order, not recursively) and {@code -} for standard input. Every source
 * is decoded before anything is sent, and the errors of all of them are reported together.
 */
final class ManifestSources {

    /** An object and where it came from, for error messages. */
    record Entry(String source, Manifest manifest) {
        /** E.g. {@code pools.yaml: document 2 (EgressIPPool "eu-public")}. */
        String describe() {
            return source + ": document " + manifest.document() + " (" + manifest.kind() + " \"" + manifest.name()
                    + "\")";
        }
    }

    private final ManifestCodec codec;
    private final InputStream stdin;

    ManifestSources(ManifestCodec codec, InputStream stdin) {
        this.codec = codec;
        this.stdin = stdin;
    }

    /**
     * Reads and decodes every source.
     *
     * @param paths what {@code -f} named
     * @return the objects in source order
     * @throws CliFailure listing every decoding error of every source, or an unreadable path
     */
    List<Entry> read(List<String> paths) {
        List<Entry> entries = new ArrayList<>();
        List<ManifestError> errors = new ArrayList<>();
        for (String path : paths) {
            for (Source source : expand(path)) {
                try {
                    codec.decode(new ByteArrayInputStream(source.bytes()), source.name())
                            .forEach(manifest -> entries.add(new Entry(source.name(), manifest)));
                } catch (ManifestException invalid) {
                    errors.addAll(invalid.errors());
                } catch (IOException impossible) {
                    throw new UncheckedIOException("reading bytes in memory failed", impossible);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new CliFailure(new ManifestException(errors).getMessage());
        }
        if (entries.isEmpty()) {
            throw new CliFailure("no objects found in " + String.join(", ", paths));
        }
        return entries;
    }

    private record Source(String name, byte[] bytes) {
    }

    private List<Source> expand(String path) {
        if (path.equals("-")) {
            try {
                return List.of(new Source("<stdin>", stdin.readAllBytes()));
            } catch (IOException unreadable) {
                throw new CliFailure("cannot read standard input: " + unreadable.getMessage());
            }
        }
        Path file = Path.of(path);
        if (Files.isDirectory(file)) {
            try (Stream<Path> listing = Files.list(file)) {
                List<Path> manifests = listing.filter(Files::isRegularFile).filter(ManifestSources::isManifestFile)
                        .sorted().toList();
                if (manifests.isEmpty()) {
                    throw new CliFailure("directory " + path + " holds no .yaml, .yml or .json file");
                }
                return manifests.stream().map(ManifestSources::load).toList();
            } catch (IOException unreadable) {
                throw new CliFailure("cannot list directory " + path + ": " + unreadable.getMessage());
            }
        }
        if (!Files.exists(file)) {
            throw new CliFailure("the path \"" + path + "\" does not exist");
        }
        return List.of(load(file));
    }

    private static boolean isManifestFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    private static Source load(Path file) {
        try {
            return new Source(file.toString(), Files.readAllBytes(file));
        } catch (IOException unreadable) {
            throw new CliFailure("cannot read " + file + ": " + unreadable.getMessage());
        }
    }
}

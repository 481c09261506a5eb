package io.egressfed.agent.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Keeps the applied version as decimal text in one file, replaced atomically: the agent's state when it
 * runs without Kubernetes. Like {@link ConfigMapAppliedVersionStore}, the stored version never goes down.
 * Saves of one store are serialized; two processes must not share the file.
 */
public final class FileAppliedVersionStore implements AppliedVersionStore {

    private static final int MAX_LENGTH = 32;

    private final Path file;
    private final Executor executor;
    private final Object writeLock = new Object();

    /**
     * Creates a store; the file (and its directory) is created on the first save.
     *
     * @param file     the file
     * @param executor runs the blocking file I/O
     */
    public FileAppliedVersionStore(Path file, Executor executor) {
        this.file = Objects.requireNonNull(file, "file");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Completes exceptionally with an {@link UncheckedIOException} naming the file when it exists but
     * cannot be read or does not hold a version.
     */
    @Override
    public CompletableFuture<Long> load() {
        return CompletableFuture.supplyAsync(this::read, executor);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Completes exceptionally with an {@link UncheckedIOException} when the file cannot be written (it
     * is then unchanged), and with an {@link IllegalArgumentException} for a version below 1.
     */
    @Override
    public CompletableFuture<Void> save(long version) {
        if (version < 1) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("version: must be >= 1, got " + version));
        }
        return CompletableFuture.runAsync(() -> write(version), executor);
    }

    private void write(long version) {
        synchronized (writeLock) {
            long stored = read();
            if (version < stored) {
                throw new StaleVersionException(version, stored);
            }
            if (version == stored) {
                return;
            }
            try {
                AtomicFiles.replace(file, (version + "\n").getBytes(StandardCharsets.US_ASCII), false);
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot record applied version " + version + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private long read() {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_LENGTH) {
                throw new IOException(file + ": is " + size + " bytes, not a config version");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        try {
            long version = Long.parseLong(text);
            if (version < 0) {
                throw new NumberFormatException("negative");
            }
            return version;
        } catch (NumberFormatException e) {
            String problem = file + ": \"" + text + "\" is not a config version (a non-negative integer)";
            throw new UncheckedIOException(problem, new IOException(problem, e));
        }
    }

    @Override
    public String toString() {
        return "FileAppliedVersionStore[" + file + "]";
    }
}

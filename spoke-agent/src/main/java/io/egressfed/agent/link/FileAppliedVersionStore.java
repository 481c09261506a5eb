package io.egressfed.agent.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/** Keeps the last applied config version as decimal text in one file, replaced atomically. */
public final class FileAppliedVersionStore implements AppliedVersionStore {

    private static final int MAX_LENGTH = 32;

    private final Path file;

    /**
     * Creates a store; the file (and its directory) is created on the first save.
     *
     * @param file the file
     */
    public FileAppliedVersionStore(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public long load() throws IOException {
        String text;
        try {
            if (Files.size(file) > MAX_LENGTH) {
                throw new IOException(file + ": is " + Files.size(file) + " bytes, not a config version");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return 0;
        }
        try {
            long version = Long.parseLong(text);
            if (version < 0) {
                throw new NumberFormatException("negative");
            }
            return version;
        } catch (NumberFormatException e) {
            throw new IOException(file + ": \"" + text + "\" is not a config version (a non-negative integer)", e);
        }
    }

    @Override
    public void save(long version) throws IOException {
        if (version < 1) {
            throw new IllegalArgumentException("version: must be >= 1, got " + version);
        }
        AtomicFiles.replace(file, (version + "\n").getBytes(StandardCharsets.US_ASCII), false);
    }

    @Override
    public String toString() {
        return "FileAppliedVersionStore[" + file + "]";
    }
}

package io.egressfed.hub.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the initial admin token of a {@code --dev} hub into its data directory. */
public final class AdminTokenFiles {

    /** The file name inside the data directory. */
    public static final String DEV_TOKEN_FILE = "admin-token";

    private AdminTokenFiles() {
    }

    /**
     * Writes the token, readable by its owner only, replacing an older file atomically.
     *
     * @param dataDirectory the hub's data directory (created if missing)
     * @param token the token to write
     * @return the file written
     * @throws IOException when writing fails
     */
    public static Path writeDevToken(Path dataDirectory, IssuedAdminToken token) throws IOException {
        Files.createDirectories(dataDirectory);
        Path target = dataDirectory.resolve(DEV_TOKEN_FILE);
        Path temporary = Files.createTempFile(dataDirectory, ".admin-token", ".tmp");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temporary, token.secret() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }
}

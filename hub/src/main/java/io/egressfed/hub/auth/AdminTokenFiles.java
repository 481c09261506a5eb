package io.egressfed.hub.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Files holding admin tokens: the one a {@code --dev} hub writes into its data directory, and the one an
 * installer provides for the first start ({@code --initial-admin-token-file}, e.g. a mounted Secret).
 */
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

    /**
     * Reads a token chosen by the installer. Surrounding whitespace (a trailing newline) is ignored; the
     * token must be shaped like a generated one. The token never appears in an error message.
     *
     * @param file the file, e.g. a key of a mounted Kubernetes Secret
     * @return the token
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no valid token
     */
    public static String readInitialToken(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file" : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.toString()), e);
        }
        Optional<String> problem = TokenSecrets.shapeProblem(content);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(file + ": not an admin token: " + problem.get());
        }
        return content;
    }
}

package io.egressfed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcdBinaryTest {

    @TempDir
    Path dir;

    @Test
    void explicitEtcdBinWins() throws Exception {
        Path explicit = executable(dir.resolve("custom/etcd"));
        Path onPath = executable(dir.resolve("bin/etcd"));

        assertThat(EtcdBinary.locate(Map.of("ETCD_BIN", explicit.toString(), "PATH", onPath.getParent().toString())))
                .contains(explicit);
    }

    @Test
    void wrongEtcdBinIsNotSilentlyReplacedByAnotherEtcd() throws Exception {
        Path onPath = executable(dir.resolve("bin/etcd"));

        assertThat(EtcdBinary.locate(Map.of("ETCD_BIN", dir.resolve("missing").toString(),
                "PATH", onPath.getParent().toString()))).isEmpty();
    }

    @Test
    void pathIsSearchedInOrderSkippingNonExecutables() throws Exception {
        Path notExecutable = dir.resolve("first/etcd");
        Files.createDirectories(notExecutable.getParent());
        Files.writeString(notExecutable, "not a program");
        Path second = executable(dir.resolve("second/etcd"));
        String path = notExecutable.getParent() + ":" + second.getParent();

        assertThat(EtcdBinary.locate(Map.of("PATH", path))).contains(second);
    }

    @Test
    void installHintSaysHowToGetEtcd() {
        assertThat(EtcdBinary.INSTALL_HINT).contains("apt-get install etcd-server").contains("make test");
    }

    private static Path executable(Path path) throws Exception {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }
}

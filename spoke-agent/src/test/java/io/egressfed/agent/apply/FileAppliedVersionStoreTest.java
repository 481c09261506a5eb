package io.egressfed.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The applied version of an agent without Kubernetes: one file, never going down, garbage refused. */
class FileAppliedVersionStoreTest {

    @TempDir
    Path work;

    @Test
    void theAppliedVersionRoundTripsAndGarbageIsRefused() throws Exception {
        Path file = work.resolve("state").resolve("applied-version");
        FileAppliedVersionStore store = new FileAppliedVersionStore(file, Runnable::run);
        assertThat(store.load().join()).isZero();

        store.save(42).join();
        assertThat(store.load().join()).isEqualTo(42);
        assertThat(Files.readString(file)).isEqualTo("42\n");

        Files.writeString(file, "forty-two");
        assertThatThrownBy(() -> store.load().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(UncheckedIOException.class)
                .hasMessageEndingWith(file + ": \"forty-two\" is not a config version (a non-negative integer)");
        assertThatThrownBy(() -> store.save(0).join()).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("version: must be >= 1, got 0");
    }

    @Test
    void theStoredVersionNeverGoesDown() throws Exception {
        Path file = work.resolve("applied-version");
        FileAppliedVersionStore store = new FileAppliedVersionStore(file, Runnable::run);
        store.save(8).join();

        assertThatThrownBy(() -> store.save(7).join()).hasCauseInstanceOf(StaleVersionException.class)
                .hasRootCauseMessage("version 7 is older than the persisted applied version 8");
        store.save(8).join();
        assertThat(new FileAppliedVersionStore(file, Runnable::run).load().join()).as("read by a restarted agent")
                .isEqualTo(8);
    }
}

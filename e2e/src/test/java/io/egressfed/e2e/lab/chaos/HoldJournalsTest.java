package io.egressfed.e2e.lab.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.e2e.lab.dataplane.HoldJournal;
import io.egressfed.e2e.lab.dataplane.NodeHold;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one cluster process journals, the runner reads back as holds on the shared clock. */
class HoldJournalsTest {

    @TempDir
    Path dir;

    @Test
    void startsAndEndsPerNodeBecomeHoldsAndOpenOnesEndAtTheEndOfObservation() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        try (HoldJournal journalA = HoldJournal.append(a); HoldJournal journalB = HoldJournal.append(b)) {
            journalA.observed("a", Set.of(new NodeHold("198.18.0.1", "a-node-0")), 100);
            journalA.observed("a", Set.of(new NodeHold("198.18.0.1", "a-node-1")), 150);
            journalA.observed("a", Set.of(), 200);
            journalB.observed("b", Set.of(new NodeHold("198.18.0.1", "b-node-0")), 250);
        }
        // A line the process had not finished writing when the runner read.
        Files.writeString(b, "{\"cluster\":\"b\",\"ip\":\"198.18", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        HoldJournals journals = new HoldJournals(List.of(a, b, dir.resolve("not-started.jsonl")));

        assertThat(journals.holds(1_000)).containsExactlyInAnyOrder(
                new Hold("a", "198.18.0.1", "a-node-0", 100, 150),
                new Hold("a", "198.18.0.1", "a-node-1", 150, 200),
                new Hold("b", "198.18.0.1", "b-node-0", 250, 1_000));
        assertThat(journals.heldNow("a")).isEmpty();
        assertThat(journals.heldNow("b")).containsExactly("198.18.0.1");
        assertThat(new InvariantChecker().overlaps(journals.holds(1_000))).isEmpty();
    }
}

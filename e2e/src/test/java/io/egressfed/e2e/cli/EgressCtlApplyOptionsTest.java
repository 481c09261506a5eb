package io.egressfed.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apply --dry-run} and {@code apply --prune -l}. */
class EgressCtlApplyOptionsTest {

    private static final String POOLS = """
            apiVersion: egressfed.io/v1alpha1
            kind: EgressIPPool
            metadata: {name: team-a, labels: {owner: platform}}
            spec: {cidrs: [198.51.100.0/28]}
            ---
            apiVersion: egressfed.io/v1alpha1
            kind: EgressIPPool
            metadata: {name: team-b, labels: {owner: platform}}
            spec: {cidrs: [198.51.100.16/28]}
            ---
            apiVersion: egressfed.io/v1alpha1
            kind: EgressIPPool
            metadata: {name: someone-else}
            spec: {cidrs: [198.51.100.32/28]}
            """;

    private CtlLab lab;

    @BeforeEach
    void startHub(@TempDir Path work) throws Exception {
        lab = new CtlLab(work);
    }

    @AfterEach
    void stopHub() {
        lab.close();
    }

    @Test
    void aDryRunReportsWhatWouldChangeAndWritesNothing() {
        CtlLab.Run dryRun = lab.ctlWithInput(POOLS, "apply", "-f", "-", "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("EgressIPPool/team-a created (dry run)",
                "EgressIPPool/someone-else created (dry run)");
        assertThat(lab.ctl("get", "pools", "-o", "json").out()).doesNotContain("team-a");
        assertThat(lab.ctl("audit").err()).contains("No audit records found.");

        assertThat(lab.ctlWithInput(POOLS, "apply", "-f", "-").exitCode()).isZero();
        CtlLab.Run changed = lab.ctlWithInput(POOLS.replace("198.51.100.16/28", "198.51.100.16/29"), "apply", "-f",
                "-", "--dry-run");
        assertThat(changed.out()).contains("EgressIPPool/team-a unchanged (dry run)",
                "EgressIPPool/team-b configured (dry run)");
        assertThat(lab.ctl("get", "pools", "team-b").out()).contains("198.51.100.16/28");
    }

    @Test
    void pruneDeletesWhatTheSelectorOwnsAndTheManifestsNoLongerHold() {
        assertThat(lab.ctlWithInput(POOLS, "apply", "-f", "-").exitCode()).isZero();
        String withoutTeamB = POOLS.substring(0, POOLS.indexOf("---")) + POOLS.substring(POOLS.lastIndexOf("---"));

        CtlLab.Run pruned = lab.ctlWithInput(withoutTeamB, "apply", "-f", "-", "--prune", "-l", "owner=platform");

        assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
        assertThat(pruned.out()).contains("EgressIPPool/team-a unchanged", "EgressIPPool/team-b pruned");
        CtlLab.Run pools = lab.ctl("get", "pools");
        assertThat(pools.out()).contains("team-a", "someone-else").doesNotContain("team-b");
        CtlLab.Run selected = lab.ctl("get", "pools", "-l", "owner=platform");
        assertThat(selected.out()).contains("team-a").doesNotContain("someone-else");
    }

    @Test
    void aSelectorThatDoesNotParseIsRefusedWithItsReason() {
        CtlLab.Run run = lab.ctl("get", "pools", "-l", "owner in platform");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("400", "labelSelector");
    }
}

package io.egressfed.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code egressctl whois} and {@code audit} for an egress IP that moved from one cluster to another: the
 * pool holds one address, so when the intent's placement moves, the address moves with it.
 */
class EgressCtlWhoisTest {

    private static final String IP = "198.51.100.20";
    private static final String SETUP = """
            apiVersion: egressfed.io/v1alpha1
            kind: EgressIPPool
            metadata: {name: moving-pool}
            spec: {cidrs: [198.51.100.20/32]}
            ---
            apiVersion: egressfed.io/v1alpha1
            kind: MemberCluster
            metadata: {name: site-a, labels: {site: a}}
            spec: {backend: kube-vip}
            ---
            apiVersion: egressfed.io/v1alpha1
            kind: MemberCluster
            metadata: {name: site-b, labels: {site: b}}
            spec: {backend: kube-vip}
            """;
    private static final String INTENT = """
            apiVersion: egressfed.io/v1alpha1
            kind: EgressIntent
            metadata: {name: partner-api}
            spec:
              workloads: {namespaceSelector: {matchLabels: {team: p}}, podSelector: {matchLabels: {app: api}}}
              destinations: {cidrs: [203.0.113.0/24]}
              egressIP: {pool: moving-pool}
              placement: {clusterSelector: {matchLabels: {site: SITE}}, mode: PerCluster}
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
    void whoisAnswersForEachTimeAnIpMovedThrough() {
        CtlLab.Run setUp = lab.ctlWithInput(SETUP + "---\n" + INTENT.replace("SITE", "a"), "apply", "-f", "-");
        assertThat(setUp.exitCode()).as(setUp.toString()).isZero();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(lab.ctl("whois", IP).out()).contains("Cluster:      site-a"));
        Instant whileInSiteA = Instant.now();
        await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(whileInSiteA));

        CtlLab.Run moved = lab.ctlWithInput(INTENT.replace("SITE", "b"), "apply", "-f", "-");
        assertThat(moved.out()).contains("EgressIntent/partner-api configured");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(lab.ctl("whois", IP).out()).contains("Cluster:      site-b"));

        CtlLab.Run before = lab.ctl("whois", IP, "--at", whileInSiteA.toString());
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.out()).contains(IP + " at " + whileInSiteA, "Intent:       partner-api",
                "Cluster:      site-a", "Pool:         moving-pool", "Evidence:").containsPattern("Allocate\\s+");
        CtlLab.Run now = lab.ctl("whois", IP, "-o", "json");
        assertThat(now.out()).contains("\"found\": true", "\"cluster\": \"site-b\"", "\"intent\": \"partner-api\"");
        CtlLab.Run beforeEverything = lab.ctl("whois", IP, "--at", "2020-01-01T00:00:00Z");
        assertThat(beforeEverything.out()).contains(IP + " was not allocated at 2020-01-01T00:00:00Z");

        CtlLab.Run history = lab.ctl("audit", "--ip", IP, "--since", "1h");
        assertThat(history.exitCode()).isZero();
        assertThat(history.out().lines().filter(line -> line.contains("site-a")))
                .anyMatch(line -> line.contains("Allocate")).anyMatch(line -> line.contains("Release"));
        assertThat(history.out().lines().filter(line -> line.contains("site-b")))
                .anyMatch(line -> line.contains("Allocate"));
    }

    @Test
    void whoisRefusesWhatIsNotAnAddress() {
        CtlLab.Run run = lab.ctl("whois", "198.51.100.300");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("400", "ip: \"198.51.100.300\" is not an IPv4 or IPv6 address");
        assertThat(lab.ctl("whois", IP, "--at", "yesterday").exitCode()).isEqualTo(2);
    }
}

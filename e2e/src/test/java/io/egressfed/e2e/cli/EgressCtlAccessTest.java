package io.egressfed.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.pki.Pem;
import io.egressfed.hub.pki.HubCertificateAuthority;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Who may do what through egressctl: tokens, roles, and the operations every role needs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressCtlAccessTest {

    private static final String POOL = """
            apiVersion: egressfed.io/v1alpha1
            kind: EgressIPPool
            metadata: {name: lab-pool}
            spec: {cidrs: [198.51.100.0/28]}
            """;
    private static final String CLUSTER = """
            apiVersion: egressfed.io/v1alpha1
            kind: MemberCluster
            metadata: {name: lab-1, labels: {site: lab}}
            spec: {backend: kube-vip, gateway: {nodeSelector: {matchLabels: {egress-gateway: "true"}}}}
            """;
    private static final String INTENT = """
            apiVersion: egressfed.io/v1alpha1
            kind: EgressIntent
            metadata: {name: lab-intent}
            spec:
              workloads: {namespaceSelector: {matchLabels: {team: lab}}, podSelector: {matchLabels: {app: x}}}
              destinations: {cidrs: [203.0.113.0/24]}
              egressIP: {pool: lab-pool}
              placement: {clusterSelector: {matchLabels: {site: lab}}, mode: PerCluster}
            """;

    private CtlLab lab;

    @BeforeAll
    void startHub(@TempDir Path work) throws Exception {
        lab = new CtlLab(work);
        CtlLab.Run applied = lab.ctlWithInput(POOL + "---\n" + CLUSTER, "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    @AfterAll
    void stopHub() {
        lab.close();
    }

    @Test
    void withoutATokenEveryCallIsRefusedWith401() {
        CtlLab.Run run = lab.ctlAs(null, "get", "pools");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("UNAUTHENTICATED, 401", "bearer token is required");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownTokenIsRefusedWith401() {
        CtlLab.Run run = lab.ctlAs("efa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "get", "pools");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("401", "not known to this hub");
    }

    @Test
    void aViewerReadsButCannotApply() {
        assertThat(lab.ctlAs(lab.viewer.secret(), "get", "pools").out()).contains("lab-pool");

        CtlLab.Run apply = lab.ctlAs(lab.viewer.secret(), "apply", "-f", write("viewer.yaml", POOL.replace("lab-pool",
                "viewer-pool").replace("198.51.100.0/28", "198.51.100.16/28")));

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains("PERMISSION_DENIED, 403", "token \"auditor\" (role viewer) may not write EgressIPPool");
        assertThat(lab.ctl("get", "pools").out()).doesNotContain("viewer-pool");
        CtlLab.Run delete = lab.ctlAs(lab.viewer.secret(), "delete", "pools", "lab-pool");
        assertThat(delete.exitCode()).isEqualTo(1);
        assertThat(delete.err()).contains("403");
    }

    @Test
    void anOperatorWritesIntentsButNotPoolsOrClusters() {
        CtlLab.Run intent = lab.ctlWithInputAs(lab.operator.secret(), INTENT, "apply", "-f", "-");
        assertThat(intent.exitCode()).as(intent.toString()).isZero();
        assertThat(intent.out()).contains("EgressIntent/lab-intent created");
        assertThat(lab.ctl("audit", "--resource", "EgressIntent/lab-intent").out()).contains("token:ops", "Create");

        CtlLab.Run pool = lab.ctlWithInputAs(lab.operator.secret(), POOL.replace("198.51.100.0/28", "198.51.100.0/29"),
                "apply", "-f", "-");
        assertThat(pool.exitCode()).isEqualTo(1);
        assertThat(pool.err()).contains("403", "may not write EgressIPPool");
        CtlLab.Run enroll = lab.ctlAs(lab.operator.secret(), "cluster", "enroll", "lab-2", "--backend", "kube-vip");
        assertThat(enroll.exitCode()).isEqualTo(1);
        assertThat(enroll.err()).contains("403", "may not enroll clusters");
    }

    @Test
    void anOperatorFailsOverAnActivePassiveIntentAndAViewerMayNot() {
        CtlLab.Run applied = lab.ctlWithInputAs(lab.operator.secret(), INTENT.replace("lab-intent", "lab-ap")
                .replace("mode: PerCluster", "mode: ActivePassive"), "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.toString()).isZero();

        CtlLab.Run run = lab.ctlAs(lab.operator.secret(), "failover", "lab-ap", "--to", "lab-1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("lab-ap");
        assertThat(lab.ctlAs(lab.viewer.secret(), "failover", "lab-ap", "--to", "lab-1").err()).contains("403");
        CtlLab.Run notCandidate = lab.ctlAs(lab.operator.secret(), "failover", "lab-ap", "--to", "elsewhere");
        assertThat(notCandidate.exitCode()).isEqualTo(1);
        assertThat(notCandidate.err()).contains("400", "toCluster");
    }

    @Test
    void enrollingCreatesTheClusterAndPrintsTheAgentInstallCommand() {
        CtlLab.Run run = lab.ctl("cluster", "enroll", "lab-3", "--label", "site=lab3", "--label", "region=eu",
                "--backend", "kube-vip");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("\\n  [a-z0-9]{6}\\.[a-z0-9]{16}\\n")
                .containsPattern("bin/egressfed-agent --hub localhost:\\d+ --cluster lab-3 --bootstrap-token "
                        + "[a-z0-9]{6}\\.[a-z0-9]{16} --hub-ca-sha256 [0-9a-f]{64} --hub-signing-key-sha256 [0-9a-f]{64}"
                        + " --state-dir /var/lib/egressfed-agent");
        assertThat(lab.ctl("get", "clusters", "lab-3", "-o", "wide").out())
                .containsPattern("lab-3\\s+kube-vip\\s+false").contains("region=eu,site=lab3");
        assertThat(lab.ctl("audit", "--resource", "MemberCluster/lab-3").out()).contains("Create", "Enroll",
                "token:admin");
    }

    @Test
    void enrollingANewClusterWithoutABackendNamesTheMissingField() {
        CtlLab.Run run = lab.ctl("cluster", "enroll", "lab-4");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("INVALID_ARGUMENT, 400", "backend: required");
        assertThat(lab.ctl("get", "clusters").out()).doesNotContain("lab-4");
    }

    @Test
    void theHubCertificateIsVerifiedUnlessTheUserSaysOtherwise() {
        CtlLab.Run untrusted = lab.ctlWithEnvironment(Map.of("EGRESSFED_SERVER", lab.server(),
                "EGRESSFED_TOKEN", lab.admin.secret()), "get", "pools");
        assertThat(untrusted.exitCode()).isEqualTo(1);
        assertThat(untrusted.err()).contains("TLS with the hub", "--ca-file");

        CtlLab.Run insecure = lab.ctlWithEnvironment(Map.of("EGRESSFED_SERVER", lab.server(),
                "EGRESSFED_TOKEN", lab.admin.secret()), "get", "pools", "--insecure-skip-tls-verify");
        assertThat(insecure.exitCode()).as(insecure.toString()).isZero();
        assertThat(insecure.out()).contains("lab-pool");

        Path otherCa = lab.writeFile("other-ca.pem",
                Pem.encodeCertificate(HubCertificateAuthority.create(Clock.systemUTC()).certificate()));
        CtlLab.Run otherHub = lab.ctlWithEnvironment(Map.of("EGRESSFED_SERVER", lab.server(),
                "EGRESSFED_TOKEN", lab.admin.secret(), "EGRESSFED_CA_FILE", otherCa.toString()), "get", "pools");
        assertThat(otherHub.exitCode()).isEqualTo(1);
        assertThat(otherHub.err()).contains("TLS with the hub");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(lab.ctl("get", "gateways").exitCode()).isEqualTo(2);
        assertThat(lab.ctl("get").exitCode()).isEqualTo(2);
        assertThat(lab.ctl("apply", "-f", "x.yaml", "--prune").exitCode()).isEqualTo(2);
        CtlLab.Run badOutput = lab.ctl("get", "pools", "-o", "xml");
        assertThat(badOutput.exitCode()).isEqualTo(2);
        assertThat(badOutput.err()).contains("unknown format \"xml\"");
    }

    private String write(String name, String content) {
        return lab.writeFile(name, content).toString();
    }
}

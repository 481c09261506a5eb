package io.egressfed.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressfed.e2e.lab.LabMain;
import io.egressfed.testsupport.EtcdBinary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code egressfed-lab bench --quick}, as CI runs it: exits 0, prints every scenario's table, writes the JSON. */
class BenchQuickTest {

    @TempDir
    Path work;

    @Test
    void quickRunPrintsEveryScenarioAndWritesTheReport() throws Exception {
        Assumptions.assumeTrue(EtcdBinary.locate().isPresent(), "bench needs etcd: " + EtcdBinary.INSTALL_HINT);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cli = LabMain.commandLine(new PrintStream(printed, true, StandardCharsets.UTF_8),
                new CountDownLatch(1));
        cli.setErr(new PrintWriter(err, true));
        Path json = work.resolve("bench.json");

        int exit = cli.execute("bench", "--quick", "--out", json.toString());

        String out = printed.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out).contains("machine: ", " cores, ",
                "Floor: the unavoidable work of one propagation", "OPERATION  ",
                "Propagation: admin write of one intent change", "P99 / FLOOR",
                "Failover in a cluster: gateway node NotReady", "in-cluster gateway re-point",
                "Failover across clusters", "gateways unhealthy, agent reachable", "agent unreachable (lease 5 s)",
                "IPAM race: 3 hub store instances", "ALLOCATIONS/S", "DUPLICATES",
                "Agent apply: 200 assignments", "first apply (create every policy)",
                "Scale: agents held by one hub replica", "PER AGENT");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("machine").get("cores").asInt()).isPositive();
        assertThat(report.get("scenarios").fieldNames()).toIterable().containsExactlyElementsOf(BenchRun.NAMES);
        assertThat(report.at("/scenarios/ipam/duplicates").asLong()).isZero();
        assertThat(report.at("/scenarios/failoverCrossCluster/gatewaysDown/bothHeld").asLong()).isZero();
        assertThat(report.at("/scenarios/failoverCrossCluster/agentUnreachable/bothHeld").asLong()).isZero();
        assertThat(report.at("/scenarios/scale/connected").asLong()).isEqualTo(100);
    }
}

package io.egressfed.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import io.egressfed.api.manifest.Manifest;
import io.egressfed.api.manifest.ManifestCodec;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's examples applied through egressctl against a hub whose coordinator allocates and
 * places them: apply, get, describe, delete, idempotence and JSON round trips. The tests share one hub;
 * those that compare against the examples run before those that change them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EgressCtlExamplesTest {

    private static final ManifestCodec CODEC = ManifestCodec.create();

    private Path work;
    private CtlLab lab;

    @BeforeAll
    void startHubAndApplyExamples(@TempDir Path directory) throws Exception {
        work = directory;
        lab = new CtlLab(work);
        CtlLab.Run applied = lab.ctl("apply", "-f", CtlLab.EXAMPLES.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        assertThat(applied.out()).contains("EgressIPPool/eu-public created", "MemberCluster/eu-west-1 created",
                "EgressIntent/ledger-partner-sftp created");
        // eu-west-1 is a cilium cluster: its gateway must carry an address before IPAM may hand it out.
        lab.reportInventory("eu-west-1", "dublin-gw-a", CtlLab.exampleAddresses(1, 31));
    }

    @AfterAll
    void stopHub() {
        lab.close();
    }

    @Test
    @Order(1)
    void applyingTheExamplesAgainChangesNothing() {
        CtlLab.Run again = lab.ctl("apply", "-f", CtlLab.EXAMPLES.toString());

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out().lines()).hasSize(10).allMatch(line -> line.endsWith(" unchanged"));
    }

    @Test
    @Order(3)
    void getAndDescribeShowAssignmentsAndConditions() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            EgressIntent payments = intent("payments-bank-api");
            assertThat(payments.getStatus().getAssignmentsList())
                    .extracting(a -> a.getCluster()).containsExactlyInAnyOrder("eu-west-1", "eu-north-1");
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(intent("ledger-partner-sftp").getStatus().getAssignmentsList())
                        .extracting(a -> a.getIp()).containsExactly("198.51.100.10"));

        CtlLab.Run table = lab.ctl("get", "intents");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow())
                .contains("NAME", "MODE", "POOL", "ASSIGNMENTS", "AGE");
        assertThat(table.out()).containsPattern("payments-bank-api\\s+PerCluster\\s+eu-public\\s+\\S*eu-west-1=198\\.51\\.100\\.")
                .contains("198.51.100.10");

        CtlLab.Run describe = lab.ctl("describe", "intent", "payments-bank-api");
        assertThat(describe.exitCode()).as(describe.toString()).isZero();
        assertThat(describe.out()).contains("Name:", "payments-bank-api", "Conditions:", "Assignments:",
                        "Recent audit:", "token:admin")
                .containsPattern("Allocated\\s+True")
                .containsPattern("eu-north-1\\s+198\\.51\\.100\\.\\d+\\s+Active")
                .contains("203.0.113.0/24");

        CtlLab.Run cluster = lab.ctl("describe", "clusters", "eu-west-1");
        assertThat(cluster.out()).containsPattern("Connected\\s+Unknown\\s+NeverConnected")
                .containsPattern("dublin-gw-a\\s+true\\s+198\\.51\\.100\\.1,")
                .contains("  backend: cilium").doesNotContain("apiVersion");
        CtlLab.Run pool = lab.ctl("describe", "pools", "eu-public");
        assertThat(pool.out()).containsPattern("Size:\\s+31").contains("198.51.100.0/32", "region=eu");

        CtlLab.Run pools = lab.ctl("get", "pools", "-o", "wide");
        assertThat(pools.out()).containsPattern("eu-public\\s+198\\.51\\.100\\.0/27\\s+31\\s+[1-9]");
    }

    @Test
    @Order(5)
    void deletingAnIntentReleasesItsAddress() {
        await().atMost(Duration.ofSeconds(20)).until(() -> intent("billing-card-gateway").getStatus()
                .getAssignmentsCount() == 1);
        String ip = intent("billing-card-gateway").getStatus().getAssignments(0).getIp();
        long allocatedBefore = pool("eu-public").getStatus().getAllocated();
        assertThat(lab.ctl("whois", ip).out()).contains("billing-card-gateway", "eu-central-1");

        CtlLab.Run deleted = lab.ctl("delete", "intents", "billing-card-gateway");

        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).contains("EgressIntent/billing-card-gateway deleted");
        assertThat(lab.ctl("whois", ip).out()).contains(ip + " was not allocated at now");
        assertThat(pool("eu-public").getStatus().getAllocated()).isEqualTo(allocatedBefore - 1);
        assertThat(lab.ctl("audit", "--ip", ip).out()).containsPattern("Release\\s+EgressIntent/billing-card-gateway");
        CtlLab.Run gone = lab.ctl("get", "intents", "billing-card-gateway");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("404", "does not exist");
    }

    @Test
    @Order(2)
    void jsonOutputParsesBackIntoTheSameObjects() throws Exception {
        for (String kind : List.of("pools", "clusters", "intents")) {
            CtlLab.Run json = lab.ctl("get", kind, "-o", "json");
            CtlLab.Run yaml = lab.ctl("get", kind, "-o", "yaml");
            assertThat(json.exitCode()).as(json.toString()).isZero();

            List<Message> fromJson = objects(json.out());
            assertThat(fromJson).isNotEmpty().isEqualTo(objects(yaml.out()));
            Map<String, Message> byName = fromJson.stream().collect(Collectors.toMap(EgressCtlExamplesTest::name,
                    Function.identity()));
            for (Message example : examples(kind)) {
                Message served = byName.get(name(example));
                assertThat(served).as(name(example)).isNotNull();
                assertThat(field(served, "spec")).as(name(example)).isEqualTo(field(example, "spec"));
            }
            // What get printed is a valid manifest set the hub accepts as it is.
            Path saved = Files.writeString(work.resolve(kind + ".json"), json.out());
            CtlLab.Run reapplied = lab.ctl("apply", "-f", saved.toString());
            assertThat(reapplied.exitCode()).as(reapplied.toString()).isZero();
            assertThat(reapplied.out().lines()).allMatch(line -> line.endsWith(" unchanged"));
        }
    }

    @Test
    @Order(4)
    void anUpdateBasedOnAStaleResourceVersionIsRefusedWith409() throws Exception {
        Path stale = Files.writeString(work.resolve("stale.yaml"),
                lab.ctl("get", "pools", "us-public", "-o", "yaml").out());
        String fresh = Files.readString(stale).replaceFirst("region: us", "region: us\n    tier: reserved");
        CtlLab.Run updated = lab.ctlWithInput(fresh, "apply", "-f", "-");
        assertThat(updated.exitCode()).as(updated.toString()).isZero();
        assertThat(updated.out()).contains("EgressIPPool/us-public configured");

        Files.writeString(stale, Files.readString(stale).replaceFirst("region: us", "region: us\n    tier: gold"));
        CtlLab.Run conflicting = lab.ctl("apply", "-f", stale.toString());

        assertThat(conflicting.exitCode()).as(conflicting.toString()).isEqualTo(1);
        assertThat(conflicting.err()).contains("409", "document 1 (EgressIPPool \"us-public\")",
                "metadata.resourceVersion", "was modified");
        assertThat(lab.ctl("get", "pools", "us-public", "-o", "yaml").out()).contains("tier: reserved")
                .doesNotContain("gold");
    }

    private EgressIntent intent(String name) {
        return (EgressIntent) single(lab.ctl("get", "intents", name, "-o", "json"));
    }

    private EgressIPPool pool(String name) {
        return (EgressIPPool) single(lab.ctl("get", "pools", name, "-o", "json"));
    }

    private static Message single(CtlLab.Run run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<Message> objects = objects(run.out());
        assertThat(objects).hasSize(1);
        return objects.get(0);
    }

    private static List<Message> objects(String text) {
        return CODEC.decode(text).stream().map(Manifest::object).toList();
    }

    private static List<Message> examples(String kind) throws Exception {
        return objects(Files.readString(CtlLab.EXAMPLES.resolve(kind + ".yaml")));
    }

    private static String name(Message object) {
        Message meta = field(object, "metadata");
        return (String) meta.getField(meta.getDescriptorForType().findFieldByName("name"));
    }

    private static Message field(Message object, String field) {
        return (Message) object.getField(object.getDescriptorForType().findFieldByName(field));
    }
}

package io.egressfed.hub.state;

import static io.egressfed.hub.state.Resources.cluster;
import static io.egressfed.hub.state.Resources.labels;
import static io.egressfed.hub.state.Resources.perCluster;
import static io.egressfed.hub.state.Resources.pool;
import static io.egressfed.hub.state.TestHub.ACTOR;
import static io.egressfed.hub.state.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIPPoolStatus;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.Failback;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.hub.audit.ObjectDigest;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.validate.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kubernetes-style create, read, update, delete of pools, clusters and intents on the in-memory store. */
class ResourceServiceTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final TestClock clock = new TestClock(START);
    private final TestHub hub = TestHub.inMemory(clock);

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void createSetsHubOwnedFieldsAndGetReturnsTheStoredObject() {
        EgressIPPool sent = pool("eu-public", "198.51.100.0/27").toBuilder()
                .setStatus(EgressIPPoolStatus.newBuilder().setAllocated(99))
                .build();
        sent = sent.toBuilder().setMetadata(sent.getMetadata().toBuilder().setGeneration(42)).build();

        EgressIPPool created = hub.create(ResourceKind.POOL, sent);

        assertThat(created.getMetadata().getGeneration()).isEqualTo(1);
        assertThat(created.getMetadata().getCreationTimestamp().getSeconds()).isEqualTo(START.getEpochSecond());
        assertThat(created.getStatus()).as("status is hub-owned").isEqualTo(EgressIPPoolStatus.getDefaultInstance());
        assertThat(Long.parseLong(created.getMetadata().getResourceVersion())).isPositive();
        assertThat(hub.get(ResourceKind.POOL, "eu-public")).isEqualTo(created);
        assertThat(await(hub.resources().get(ResourceKind.POOL, "nope"))).isEmpty();
        assertThat(await(hub.resources().get(ResourceKind.POOL, "not/a-name"))).isEmpty();
    }

    @Test
    void storedBytesNeverHoldTheResourceVersion() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));

        byte[] stored = await(hub.store().get(hub.keys().pool("eu-public"))).orElseThrow().value();

        assertThat(ResourceKind.POOL.codec().decode("k", stored).getMetadata().getResourceVersion()).isEmpty();
    }

    @Test
    void createOfAnExistingNameIsRefused() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));

        assertThatThrownBy(() -> hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.64/27")))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("EgressIPPool \"eu-public\" already exists");
    }

    @Test
    void createWithAResourceVersionIsInvalid() {
        EgressIPPool sent = pool("eu-public", "198.51.100.0/27");
        EgressIPPool withVersion = sent.toBuilder().setMetadata(sent.getMetadata().toBuilder().setResourceVersion("7")).build();

        assertThatThrownBy(() -> hub.create(ResourceKind.POOL, withVersion))
                .isInstanceOfSatisfying(ValidationException.class, invalid -> assertThat(invalid.errors())
                        .extracting(e -> e.field()).containsExactly("metadata.resourceVersion"));
    }

    @Test
    void listReturnsEveryObjectOfTheKindInNameOrder() {
        hub.create(ResourceKind.CLUSTER, cluster("b-cluster", Backend.BACKEND_KUBE_VIP));
        hub.create(ResourceKind.CLUSTER, cluster("a-cluster", Backend.BACKEND_CILIUM));
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));

        List<MemberCluster> clusters = await(hub.resources().list(ResourceKind.CLUSTER));

        assertThat(clusters).extracting(c -> c.getMetadata().getName()).containsExactly("a-cluster", "b-cluster");
        assertThat(clusters).allSatisfy(c -> assertThat(c.getMetadata().getResourceVersion()).isNotEmpty());
    }

    @Test
    void generationCountsSpecChangesOnly() {
        EgressIPPool created = hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));

        EgressIPPool relabelled = hub.update(ResourceKind.POOL, created.toBuilder()
                .setMetadata(created.getMetadata().toBuilder().putLabels("team", "net")).build());
        EgressIPPool grown = hub.update(ResourceKind.POOL, relabelled.toBuilder()
                .setSpec(relabelled.getSpec().toBuilder().setCidrs(0, "198.51.100.0/26")).build());

        assertThat(relabelled.getMetadata().getGeneration()).isEqualTo(1);
        assertThat(grown.getMetadata().getGeneration()).isEqualTo(2);
        assertThat(grown.getMetadata().getCreationTimestamp()).isEqualTo(created.getMetadata().getCreationTimestamp());
        assertThat(grown.getMetadata().getLabelsMap()).containsEntry("team", "net");
    }

    @Test
    void updateIgnoresTheStatusTheCallerSends() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        hub.create(ResourceKind.INTENT, perCluster("payments", "eu-public", labels("region", "eu")));
        EgressIntent allocated = hub.get(ResourceKind.INTENT, hub.reconcile("payments").intent());

        EgressIntent forged = allocated.toBuilder()
                .setStatus(allocated.getStatus().toBuilder().clearAssignments().clearConditions()
                        .addConditions(Condition.newBuilder().setType("Allocated").setStatus("False")))
                .setMetadata(allocated.getMetadata().toBuilder().putLabels("tier", "prod"))
                .build();
        EgressIntent updated = hub.update(ResourceKind.INTENT, forged);

        assertThat(updated.getStatus()).isEqualTo(allocated.getStatus());
        assertThat(updated.getMetadata().getLabelsMap()).containsEntry("tier", "prod");
    }

    @Test
    void updateWithAStaleResourceVersionIsAConflictNamingBothVersions() {
        EgressIPPool created = hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));
        EgressIPPool newer = hub.update(ResourceKind.POOL, created.toBuilder()
                .setMetadata(created.getMetadata().toBuilder().putLabels("team", "net")).build());

        EgressIPPool stale = created.toBuilder().setMetadata(created.getMetadata().toBuilder().putLabels("team", "sec")).build();

        assertThatThrownBy(() -> hub.update(ResourceKind.POOL, stale))
                .isInstanceOfSatisfying(ConflictException.class, conflict -> {
                    assertThat(conflict.expectedVersion()).isEqualTo(created.getMetadata().getResourceVersion());
                    assertThat(conflict.currentVersion()).isEqualTo(newer.getMetadata().getResourceVersion());
                })
                .hasMessageContaining("resourceVersion " + created.getMetadata().getResourceVersion())
                .hasMessageContaining("resourceVersion " + newer.getMetadata().getResourceVersion());
        assertThat(hub.get(ResourceKind.POOL, "eu-public").getMetadata().getLabelsMap()).containsEntry("team", "net");
        assertThatThrownBy(() -> await(hub.resources().delete(ResourceKind.POOL, "eu-public",
                created.getMetadata().getResourceVersion(), ACTOR))).isInstanceOf(ConflictException.class);
    }

    @Test
    void updateWithoutResourceVersionAppliesToTheCurrentObject() {
        EgressIPPool created = hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));
        hub.update(ResourceKind.POOL, created.toBuilder().setMetadata(created.getMetadata().toBuilder().putLabels("a", "1")).build());

        EgressIPPool unversioned = created.toBuilder()
                .setMetadata(created.getMetadata().toBuilder().clearResourceVersion().putLabels("b", "2")).build();

        assertThat(hub.update(ResourceKind.POOL, unversioned).getMetadata().getLabelsMap()).containsOnlyKeys("b");
    }

    @Test
    void malformedResourceVersionIsInvalid() {
        EgressIPPool created = hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));

        EgressIPPool malformed = created.toBuilder()
                .setMetadata(created.getMetadata().toBuilder().setResourceVersion("latest")).build();

        assertThatThrownBy(() -> hub.update(ResourceKind.POOL, malformed))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("metadata.resourceVersion: \"latest\" is not a resourceVersion");
    }

    @Test
    void updateOrDeleteOfAMissingObjectIsNotFound() {
        assertThatThrownBy(() -> hub.update(ResourceKind.POOL, pool("ghost", "198.51.100.0/27")))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("EgressIPPool \"ghost\" does not exist");
        assertThatThrownBy(() -> hub.delete(ResourceKind.CLUSTER, "ghost")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void updateThatChangesNothingWritesNothing() {
        EgressIPPool created = hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));
        long revision = await(hub.store().currentRevision());

        EgressIPPool same = hub.update(ResourceKind.POOL, created);

        assertThat(same).isEqualTo(created);
        assertThat(await(hub.store().currentRevision())).isEqualTo(revision);
    }

    @Test
    void defaultsAreStored() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));

        EgressIntent created = hub.create(ResourceKind.INTENT,
                Resources.activePassive("payments", "eu-public", labels("region", "eu")));

        assertThat(created.getSpec().getPlacement().getFailback()).isEqualTo(Failback.FAILBACK_AUTO);
        assertThat(hub.get(ResourceKind.INTENT, "payments").getSpec().getPlacement().getFailback())
                .isEqualTo(Failback.FAILBACK_AUTO);
    }

    @Test
    void everyWriteIsAuditedWithTheDigestsOfBeforeAndAfter() {
        EgressIPPool created = hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));
        clock.advance(Duration.ofSeconds(1));
        EgressIPPool updated = hub.update(ResourceKind.POOL, created.toBuilder()
                .setMetadata(created.getMetadata().toBuilder().putLabels("team", "net")).build());
        clock.advance(Duration.ofSeconds(1));
        hub.delete(ResourceKind.POOL, "eu-public");

        List<AuditRecord> records = await(hub.audit().byResource("EgressIPPool", "eu-public", Instant.EPOCH, Instant.MAX));

        assertThat(records).extracting(AuditRecord::getAction).containsExactly(
                AuditAction.AUDIT_ACTION_CREATE, AuditAction.AUDIT_ACTION_UPDATE, AuditAction.AUDIT_ACTION_DELETE);
        assertThat(records).allSatisfy(record -> assertThat(record.getActor()).isEqualTo(ACTOR));
        assertThat(records.get(0).getBeforeDigest()).isEmpty();
        assertThat(records.get(0).getAfterDigest()).isEqualTo(ObjectDigest.of(created)).hasSize(64);
        assertThat(records.get(1).getBeforeDigest()).isEqualTo(records.get(0).getAfterDigest());
        assertThat(records.get(1).getAfterDigest()).isEqualTo(ObjectDigest.of(updated)).isNotEqualTo(records.get(0).getAfterDigest());
        assertThat(records.get(2).getBeforeDigest()).isEqualTo(records.get(1).getAfterDigest());
        assertThat(records.get(2).getAfterDigest()).isEmpty();
        assertThat(records).extracting(AuditRecord::getSeq).isSorted().doesNotHaveDuplicates();
        assertThat(records.get(1).getTime().getSeconds()).isEqualTo(START.getEpochSecond() + 1);
    }

    @Test
    void refusedWritesAreNotAudited() {
        hub.create(ResourceKind.POOL, pool("eu-public", "198.51.100.0/27"));
        int before = hub.auditRecords().size();

        assertThatThrownBy(() -> hub.create(ResourceKind.POOL, pool("overlapping", "198.51.100.16/28")))
                .isInstanceOf(ValidationException.class);

        assertThat(hub.auditRecords()).hasSize(before);
    }

    @Test
    void inventoryIsCanonicalizedAndGoesAwayWithItsCluster() {
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_CILIUM));

        hub.report(Resources.inventory("eu-west-1", "node-a", "2001:DB8::0:1", "198.51.100.7"));

        assertThat(await(hub.resources().getInventory("eu-west-1")).orElseThrow().getGateways(0).getAddressesList())
                .containsExactly("2001:db8::1", "198.51.100.7");
        assertThat(await(hub.resources().getInventory("eu-west-1")).orElseThrow().getReportedAt().getSeconds())
                .isEqualTo(START.getEpochSecond());
        hub.delete(ResourceKind.CLUSTER, "eu-west-1");
        assertThat(await(hub.resources().getInventory("eu-west-1"))).isEmpty();
    }

    @Test
    void inventoryOfAnUnknownClusterOrWithBadAddressesIsRefused() {
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_CILIUM));

        assertThatThrownBy(() -> hub.report(Resources.inventory("nope", "node-a", "198.51.100.7")))
                .isInstanceOf(NotFoundException.class).hasMessage("MemberCluster \"nope\" does not exist");
        assertThatThrownBy(() -> hub.report(Resources.inventory("eu-west-1", "node-a", "198.51.100.7", "198.51.100.300")))
                .isInstanceOfSatisfying(ValidationException.class, invalid -> assertThat(invalid.errors())
                        .extracting(e -> e.field()).containsExactly("gateways[0].addresses[1]"));
        assertThat(await(hub.resources().getInventory("eu-west-1"))).isEmpty();
    }

    @Test
    void aConcurrentResourceWriteMakesTheOtherRevalidate() {
        InterceptingStore store = new InterceptingStore(new InMemoryStore());
        try (TestHub first = new TestHub(store, Keys.defaults(), clock)) {
            TestHub second = new TestHub(store, Keys.defaults(), clock);
            // The first replica validated its pool against a world without the second one's pool.
            store.beforeNextCommit(txn -> txn.ops().stream().anyMatch(op -> op.toString().contains("pools/first")),
                    () -> second.create(ResourceKind.POOL, pool("second", "198.51.100.0/26")));

            assertThatThrownBy(() -> first.create(ResourceKind.POOL, pool("first", "198.51.100.0/27")))
                    .isInstanceOfSatisfying(ValidationException.class, invalid -> assertThat(invalid.errors())
                            .extracting(e -> e.field() + ": " + e.reason())
                            .containsExactly("spec.cidrs[0]: 198.51.100.0/27 overlaps 198.51.100.0/26 of pool \"second\""));
            assertThat(store.intercepted()).isTrue();
            assertThat(await(first.resources().list(ResourceKind.POOL))).extracting(p -> p.getMetadata().getName())
                    .containsExactly("second");
        }
    }
}

package io.egressfed.hub.audit;

import static io.egressfed.hub.state.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.hub.state.TestClock;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Store;
import io.egressfed.hub.store.Txn;
import io.egressfed.hub.store.TxnResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Appending builds writes for the caller's transaction; queries select by time, resource and IP. */
class AuditLogTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final Store store = new InMemoryStore();
    private final Keys keys = new Keys("/audit-test/");
    private final TestClock clock = new TestClock(START);
    private final AuditLog log = new StoreAuditLog(store, keys, clock);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void appendWritesNothingAndReturnsTheRecordAndItsIndexEntries() {
        long revision = await(store.currentRevision());

        List<Op> withIp = log.append(AuditEvents.allocate(allocation("198.51.100.1", "payments"), "coordinator"));
        List<Op> withoutIp = log.append(AuditEvents.resourceChange(AuditAction.AUDIT_ACTION_CREATE, "EgressIPPool",
                "eu-public", "admin:ops", "", "abc"));

        assertThat(await(store.currentRevision())).isEqualTo(revision);
        assertThat(withIp).hasSize(AuditLog.MAX_OPS_PER_RECORD).extracting(op -> ((Op.Put) op).key()).satisfiesExactly(
                key -> assertThat(key).matches("/audit-test/audit/\\d{20}-[0-9a-f]{16}-[0-9a-f]{16}"),
                key -> assertThat(key).matches("/audit-test/audit-resource/EgressIntent/payments/\\d{20}-[0-9a-f]{16}-[0-9a-f]{16}"),
                key -> assertThat(key).matches("/audit-test/audit-ip/198\\.51\\.100\\.1/\\d{20}-[0-9a-f]{16}-[0-9a-f]{16}"));
        assertThat(withoutIp).hasSize(2);
    }

    @Test
    void aRecordNeedsActorActionKindAndName() {
        AuditRecord complete = AuditEvents.resourceChange(AuditAction.AUDIT_ACTION_CREATE, "EgressIPPool", "p", "a", "", "d");

        assertThatThrownBy(() -> log.append(complete.toBuilder().clearActor().build())).hasMessage("audit record actor: required");
        assertThatThrownBy(() -> log.append(complete.toBuilder().clearAction().build())).hasMessage("audit record action: required");
        assertThatThrownBy(() -> log.append(complete.toBuilder().clearKind().build())).hasMessage("audit record kind: required");
        assertThatThrownBy(() -> log.append(complete.toBuilder().setIp("nope").build())).hasMessageContaining("'nope' is not");
    }

    @Test
    void recordsAreStampedByTheClockAndNumberedByCommitOrder() {
        TxnResult first = commit(record("one"));
        clock.advance(Duration.ofSeconds(10));
        TxnResult second = commit(record("two"));

        List<AuditRecord> records = await(log.between(Instant.EPOCH, Instant.MAX));

        assertThat(records).extracting(AuditRecord::getName).containsExactly("one", "two");
        assertThat(records).extracting(AuditRecord::getSeq).containsExactly(first.revision(), second.revision());
        assertThat(records.get(1).getTime().getSeconds()).isEqualTo(START.getEpochSecond() + 10);
    }

    @Test
    void recordsOfOneTransactionKeepTheirOrderEvenAtOneClockInstant() {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ops.addAll(log.append(record("r" + i)));
        }
        await(store.commit(new Txn(List.of(), ops)));

        List<AuditRecord> records = await(log.between(Instant.EPOCH, Instant.MAX));

        assertThat(records).extracting(AuditRecord::getName)
                .containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9",
                        "r10", "r11", "r12", "r13", "r14", "r15", "r16", "r17", "r18", "r19");
        assertThat(records).extracting(AuditRecord::getSeq).containsOnly(records.get(0).getSeq());
    }

    @Test
    void commitOrderWinsOverClockOrderAcrossReplicas() {
        TestClock behind = new TestClock(START.minus(Duration.ofMillis(5)));
        AuditLog otherReplica = new StoreAuditLog(store, keys, behind);
        commit(record("first-committed"));
        await(store.commit(new Txn(List.of(), otherReplica.append(record("second-committed")))));

        assertThat(await(log.between(Instant.EPOCH, Instant.MAX))).extracting(AuditRecord::getName)
                .containsExactly("first-committed", "second-committed");
    }

    @Test
    void timeRangesIncludeSinceAndExcludeUntil() {
        for (int i = 0; i < 4; i++) {
            commit(record("at-" + i));
            clock.advance(Duration.ofDays(400));
        }
        Instant second = START.plus(Duration.ofDays(400));
        Instant fourth = START.plus(Duration.ofDays(1200));

        assertThat(await(log.between(second, fourth))).extracting(AuditRecord::getName).containsExactly("at-1", "at-2");
        assertThat(await(log.between(fourth, second))).isEmpty();
        assertThat(await(log.between(fourth, fourth.plusNanos(1000)))).extracting(AuditRecord::getName).containsExactly("at-3");
    }

    @Test
    void resourceQueriesSeeOnlyThatResource() {
        commit(AuditEvents.resourceChange(AuditAction.AUDIT_ACTION_CREATE, "EgressIPPool", "eu-public", "a", "", "d1"));
        commit(AuditEvents.resourceChange(AuditAction.AUDIT_ACTION_CREATE, "EgressIPPool", "eu-public-2", "a", "", "d2"));
        commit(AuditEvents.resourceChange(AuditAction.AUDIT_ACTION_CREATE, "MemberCluster", "eu-public", "a", "", "d3"));

        assertThat(await(log.byResource("EgressIPPool", "eu-public", Instant.EPOCH, Instant.MAX)))
                .extracting(AuditRecord::getAfterDigest).containsExactly("d1");
    }

    @Test
    void storedRecordsCarryNoSequenceNumber() {
        commit(record("one"));

        KeyValue stored = await(store.list(keys.audits())).items().get(0);

        assertThat(stored.valueSize()).isPositive();
        assertThat(AuditRecordParser.parse(stored).getSeq()).isZero();
    }

    private TxnResult commit(AuditRecord record) {
        return await(store.commit(new Txn(List.of(), log.append(record))));
    }

    private static AuditRecord record(String name) {
        return AuditEvents.resourceChange(AuditAction.AUDIT_ACTION_UPDATE, "EgressIntent", name, "test", "b", "a");
    }

    private static Allocation allocation(String ip, String intent) {
        return Allocation.newBuilder().setIp(ip).setPool("eu-public").setIntent(intent).build();
    }

    /** Reads a stored record as is. */
    private static final class AuditRecordParser {
        static AuditRecord parse(KeyValue kv) {
            try {
                return AuditRecord.parseFrom(kv.value());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

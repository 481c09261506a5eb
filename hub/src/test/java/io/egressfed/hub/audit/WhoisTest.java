package io.egressfed.hub.audit;

import static io.egressfed.hub.state.Resources.activePassive;
import static io.egressfed.hub.state.Resources.cluster;
import static io.egressfed.hub.state.Resources.labels;
import static io.egressfed.hub.state.Resources.perCluster;
import static io.egressfed.hub.state.Resources.pool;
import static io.egressfed.hub.state.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.WhoisResponse;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.TestClock;
import io.egressfed.hub.state.TestHub;
import io.egressfed.hub.store.Txn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code whois IP --at T}: one address allocated to intent A, released when A is deleted, then
 * allocated to intent B, and later failed over; the holder at each instant comes from the audit log.
 */
class WhoisTest {

    private static final String IP = "2001:db8::7";
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant A_ALLOCATED = START.plus(Duration.ofHours(1));
    private static final Instant A_DELETED = START.plus(Duration.ofHours(2));
    private static final Instant B_ALLOCATED = START.plus(Duration.ofHours(3));
    private static final Instant B_FAILED_OVER = START.plus(Duration.ofHours(4));

    private final TestClock clock = new TestClock(START);
    private final TestHub hub = TestHub.inMemory(clock);

    @BeforeEach
    void moveTheAddressBetweenIntents() {
        hub.create(ResourceKind.POOL, pool("single", "2001:db8::7/128"));
        hub.create(ResourceKind.CLUSTER, cluster("eu-west-1", Backend.BACKEND_KUBE_VIP, "region", "eu"));
        moveClockTo(A_ALLOCATED);
        hub.create(ResourceKind.INTENT, v6(perCluster("intent-a", "single", labels("region", "eu"))));
        assertThat(hub.reconcile("intent-a").allocations()).hasSize(1);
        moveClockTo(A_DELETED);
        hub.delete(ResourceKind.INTENT, "intent-a");
        moveClockTo(B_ALLOCATED);
        hub.create(ResourceKind.INTENT, v6(activePassive("intent-b", "single", labels("region", "eu"))));
        assertThat(hub.reconcile("intent-b").allocations()).hasSize(1);
        moveClockTo(B_FAILED_OVER);
        // What the coordinator will append when it activates the address in a cluster.
        await(hub.store().commit(new Txn(List.of(), hub.audit().append(AuditRecord.newBuilder()
                .setAction(AuditAction.AUDIT_ACTION_FAILOVER).setKind("EgressIntent").setName("intent-b")
                .setActor("coordinator").setIp(IP).setCluster("eu-west-1").setGatewayNode("node-a")
                .setMessage("activated in eu-west-1").build()))));
    }

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void beforeTheFirstAllocationNobodyHeldIt() {
        assertThat(whois(A_ALLOCATED.minusMillis(1))).isEmpty();
        assertThat(whois(START)).isEmpty();
    }

    @Test
    void whileAllocatedToAItWasA() {
        for (Instant at : new Instant[] {A_ALLOCATED, A_ALLOCATED.plus(Duration.ofMinutes(30)), A_DELETED.minusMillis(1)}) {
            IpHolder holder = whois(at).orElseThrow();
            assertThat(holder.intent()).as("at %s", at).isEqualTo("intent-a");
            assertThat(holder.pool()).isEqualTo("single");
            assertThat(holder.cluster()).isEqualTo("eu-west-1");
            assertThat(holder.since()).isEqualTo(A_ALLOCATED);
            assertThat(holder.evidence()).extracting(AuditRecord::getAction, AuditRecord::getName)
                    .containsExactly(tuple(AuditAction.AUDIT_ACTION_ALLOCATE, "intent-a"));
        }
    }

    @Test
    void betweenTheReleaseAndTheNextAllocationNobodyHeldIt() {
        assertThat(whois(A_DELETED.plusMillis(1))).isEmpty();
        assertThat(whois(B_ALLOCATED.minusMillis(1))).isEmpty();
    }

    @Test
    void afterTheMoveItIsBAndFollowsItsFailover() {
        IpHolder beforeFailover = whois(B_ALLOCATED.plus(Duration.ofMinutes(30))).orElseThrow();
        assertThat(beforeFailover.intent()).isEqualTo("intent-b");
        assertThat(beforeFailover.cluster()).as("ActivePassive: no cluster until the coordinator decides").isEmpty();
        assertThat(beforeFailover.since()).isEqualTo(B_ALLOCATED);

        IpHolder afterFailover = whois(B_FAILED_OVER.plus(Duration.ofDays(365))).orElseThrow();
        assertThat(afterFailover.intent()).isEqualTo("intent-b");
        assertThat(afterFailover.cluster()).isEqualTo("eu-west-1");
        assertThat(afterFailover.gatewayNode()).isEqualTo("node-a");
        assertThat(afterFailover.since()).isEqualTo(B_FAILED_OVER);
        assertThat(afterFailover.evidence()).extracting(AuditRecord::getAction)
                .containsExactly(AuditAction.AUDIT_ACTION_ALLOCATE, AuditAction.AUDIT_ACTION_FAILOVER);
        WhoisResponse response = afterFailover.toResponse();
        assertThat(response.getFound()).isTrue();
        assertThat(response.getIp()).isEqualTo(IP);
        assertThat(response.getSince().getSeconds()).isEqualTo(B_FAILED_OVER.getEpochSecond());
    }

    @Test
    void anySpellingOfTheAddressFindsTheSameHistory() {
        assertThat(await(hub.audit().whois("2001:DB8:0:0::0007", A_ALLOCATED)).orElseThrow().intent()).isEqualTo("intent-a");
        assertThat(await(hub.audit().byIp("2001:db8:0::7", Instant.EPOCH, Instant.MAX)))
                .extracting(AuditRecord::getAction, AuditRecord::getName)
                .containsExactly(
                        tuple(AuditAction.AUDIT_ACTION_ALLOCATE, "intent-a"),
                        tuple(AuditAction.AUDIT_ACTION_RELEASE, "intent-a"),
                        tuple(AuditAction.AUDIT_ACTION_ALLOCATE, "intent-b"),
                        tuple(AuditAction.AUDIT_ACTION_FAILOVER, "intent-b"));
    }

    @Test
    void anIpQueryByTimeRangeReturnsOnlyThatRange() {
        assertThat(await(hub.audit().byIp(IP, A_DELETED, B_ALLOCATED)))
                .extracting(AuditRecord::getAction, AuditRecord::getName)
                .containsExactly(tuple(AuditAction.AUDIT_ACTION_RELEASE, "intent-a"));
    }

    private Optional<IpHolder> whois(Instant at) {
        return await(hub.audit().whois(IP, at));
    }

    private void moveClockTo(Instant instant) {
        clock.advance(Duration.between(clock.instant(), instant));
    }

    private static EgressIntent v6(EgressIntent intent) {
        EgressIntent.Builder v6 = intent.toBuilder();
        v6.getSpecBuilder().getDestinationsBuilder().setCidrs(0, "2001:db8:ffff::/48");
        return v6.build();
    }
}

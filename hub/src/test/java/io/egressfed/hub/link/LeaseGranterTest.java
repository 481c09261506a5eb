package io.egressfed.hub.link;

import static io.egressfed.hub.state.TestHub.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.LeasedAssignment;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.hub.store.ForwardingStore;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Listing;
import io.egressfed.hub.store.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lease grants of one replica: what is granted, for how long, and when nothing is. */
class LeaseGranterTest {

    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration MARGIN = Duration.ofSeconds(3);

    private final Keys keys = Keys.defaults();
    private final InMemoryStore memory = new InMemoryStore();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private volatile long readTakesNanos;
    private volatile boolean readFails;
    private final ForwardingStore store = new ForwardingStore(memory) {
        @Override
        public CompletableFuture<Listing> list(String prefix) {
            if (readFails) {
                return CompletableFuture.failedFuture(new StoreException("etcd unreachable"));
            }
            // The read is done "while" the clock moves on: the grant must not count that time as lease.
            nanos.addAndGet(readTakesNanos);
            return super.list(prefix);
        }
    };
    private final LeaseGranter granter = new LeaseGranter(store, keys, LEASE, MARGIN, Duration.ofHours(1),
            scheduler, nanos::get);

    @AfterEach
    void stop() {
        granter.close();
        scheduler.shutdownNow();
    }

    @Test
    void eachStreamIsGrantedExactlyThePlacementsWhoseActiveClustersNameItsCluster() {
        place(PlacementDecision.newBuilder().setIntent("ledger").addActiveClusters("eu").setEpoch(4));
        place(PlacementDecision.newBuilder().setIntent("billing").addActiveClusters("us").setEpoch(2));
        place(PlacementDecision.newBuilder().setIntent("moving").addFencedClusters("eu").setTargetCluster("us")
                .setEpoch(9));
        Holder eu = hold("eu");
        Holder us = hold("us");
        Holder idle = hold("ap");

        await(granter.grantAll());

        assertThat(eu.grants).singleElement().satisfies(grant -> assertThat(grant.assignments())
                .containsExactly(leased("ledger", 4)));
        assertThat(us.grants).singleElement().satisfies(grant -> assertThat(grant.assignments())
                .containsExactly(leased("billing", 2)));
        assertThat(idle.grants).as("a cluster with nothing active gets no grant").isEmpty();
    }

    @Test
    void theLeaseIsShortenedByTheTimeTheReadTook() {
        place(PlacementDecision.newBuilder().setIntent("ledger").addActiveClusters("eu").setEpoch(1));
        Holder eu = hold("eu");
        readTakesNanos = Duration.ofMillis(1500).toNanos();

        await(granter.grantAll());

        assertThat(eu.grants).singleElement()
                .satisfies(grant -> assertThat(grant.leaseNanos()).isEqualTo(Duration.ofMillis(3500).toNanos()));
    }

    @Test
    void everyGrantTellsTheFullLeasePlusMarginAfterWhichAnotherClusterMayTakeOver() {
        place(PlacementDecision.newBuilder().setIntent("ledger").addActiveClusters("eu").setEpoch(1));
        Holder eu = hold("eu");
        readTakesNanos = Duration.ofMillis(1500).toNanos();

        await(granter.grantAll());
        await(granter.grantAll());

        assertThat(eu.grants).hasSize(2).allSatisfy(grant -> {
            assertThat(grant.failoverAfter()).as("the coordinator's wait, not the shortened lease")
                    .isEqualTo(Duration.ofSeconds(8));
            assertThat(grant.leaseNanos()).isLessThan(LEASE.toNanos());
        });
    }

    @Test
    void aNegativeMarginIsRefusedNamingIt() {
        assertThatThrownBy(() -> new LeaseGranter(store, keys, LEASE, Duration.ofSeconds(-1), Duration.ofHours(1),
                scheduler, nanos::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseMargin: must not be negative, got PT-1S");
    }

    @Test
    void aReadSlowerThanTheLeaseGrantsNothing() {
        place(PlacementDecision.newBuilder().setIntent("ledger").addActiveClusters("eu").setEpoch(1));
        Holder eu = hold("eu");
        readTakesNanos = LEASE.toNanos();

        await(granter.grantAll());

        assertThat(eu.grants).isEmpty();
    }

    @Test
    void aReplicaThatCannotReadPlacementsGrantsNothing() {
        place(PlacementDecision.newBuilder().setIntent("ledger").addActiveClusters("eu").setEpoch(1));
        Holder eu = hold("eu");
        readFails = true;

        await(granter.grantAll());

        assertThat(eu.grants).isEmpty();
    }

    @Test
    void aStreamNoLongerHeldIsNotGrantedOnTicks() {
        place(PlacementDecision.newBuilder().setIntent("ledger").addActiveClusters("eu").setEpoch(1));
        Holder eu = new Holder("eu");
        Subscription held = granter.hold(eu);
        await(granter.grantAll());
        held.close();

        await(granter.grantAll());

        assertThat(eu.grants).hasSize(1);
    }

    private void place(PlacementDecision.Builder decision) {
        await(memory.put(keys.placement(decision.getIntent()), decision.build().toByteArray()));
    }

    private Holder hold(String cluster) {
        Holder holder = new Holder(cluster);
        granter.hold(holder);
        return holder;
    }

    private static LeasedAssignment leased(String intent, long epoch) {
        return LeasedAssignment.newBuilder().setIntent(intent).setEpoch(epoch).build();
    }

    private record Grant(List<LeasedAssignment> assignments, long leaseNanos, long computedAtNanos,
                         Duration failoverAfter) {
    }

    private static final class Holder implements LeaseHolder {
        private final String cluster;
        private final List<Grant> grants = new CopyOnWriteArrayList<>();

        Holder(String cluster) {
            this.cluster = cluster;
        }

        @Override
        public String cluster() {
            return cluster;
        }

        @Override
        public void grantLease(List<LeasedAssignment> assignments, long leaseNanos, long computedAtNanos,
                               Duration failoverAfter) {
            grants.add(new Grant(assignments, leaseNanos, computedAtNanos, failoverAfter));
        }
    }
}

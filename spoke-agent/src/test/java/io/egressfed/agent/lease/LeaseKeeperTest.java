package io.egressfed.agent.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.egressfed.api.v1alpha1.LeaseGrant;
import io.egressfed.api.v1alpha1.LeasedAssignment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lease bookkeeping on a driven clock: live windows, renewal, lapse, epochs, bad grants. */
class LeaseKeeperTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    private final DrivenTime time = new DrivenTime();
    private final LeaseKeeper keeper = new LeaseKeeper(time, time);
    private final List<String> changes = new CopyOnWriteArrayList<>();

    LeaseKeeperTest() {
        keeper.listen((intent, epoch, live) -> changes.add(intent + "@" + epoch + (live ? " live" : " lapsed")));
    }

    @AfterEach
    void close() {
        keeper.close();
    }

    @Test
    void fenceAheadIsAFifthOfTheLeaseButAtLeast200Milliseconds() {
        assertThat(LeaseKeeper.fenceAhead(FIVE_SECONDS)).isEqualTo(Duration.ofSeconds(1));
        assertThat(LeaseKeeper.fenceAhead(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(200));
        assertThat(LeaseKeeper.fenceAhead(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aLeaseIsLiveUntilReceiptPlusDurationMinusFenceAheadAndLapsesOnItsOwn() {
        keeper.grant(grant(FIVE_SECONDS, "pay", 3));

        assertThat(keeper.status("pay", 3)).isEqualTo(LeaseStatus.live(Duration.ofSeconds(4)));
        assertThat(changes).containsExactly("pay@3 live");

        time.advance(Duration.ofMillis(3999));
        assertThat(keeper.status("pay", 3).live()).isTrue();
        assertThat(changes).containsExactly("pay@3 live");

        time.advance(Duration.ofMillis(1));
        assertThat(keeper.status("pay", 3).live()).isFalse();
        assertThat(changes).containsExactly("pay@3 live", "pay@3 lapsed");

        time.advance(Duration.ofMillis(1500));
        assertThat(keeper.status("pay", 3).reason()).isEqualTo("the hub's lease for epoch 3 ran out 1.500 s ago");
    }

    @Test
    void laterGrantsExtendALiveLeaseWithoutAnnouncingItAgain() {
        keeper.grant(grant(FIVE_SECONDS, "pay", 3));
        for (int tick = 0; tick < 10; tick++) {
            time.advance(Duration.ofSeconds(1));
            keeper.grant(grant(FIVE_SECONDS, "pay", 3));
        }

        assertThat(keeper.status("pay", 3)).isEqualTo(LeaseStatus.live(Duration.ofSeconds(4)));
        assertThat(changes).containsExactly("pay@3 live");
        assertThat(time.pendingTasks()).as("one scheduled end per lease, not one per grant").isEqualTo(1);

        keeper.grant(grant(Duration.ofSeconds(2), "pay", 3));
        assertThat(keeper.status("pay", 3).remaining()).as("a shorter grant never shortens a live lease")
                .isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void aGrantAfterALapseStartsTheLeaseAgain() {
        keeper.grant(grant(FIVE_SECONDS, "pay", 3));
        time.advance(Duration.ofSeconds(6));

        keeper.grant(grant(FIVE_SECONDS, "pay", 3));

        assertThat(keeper.status("pay", 3).live()).isTrue();
        assertThat(changes).containsExactly("pay@3 live", "pay@3 lapsed", "pay@3 live");
    }

    @Test
    void onlyTheExactEpochCountsAndANewerEpochEndsTheOlderOne() {
        keeper.grant(grant(FIVE_SECONDS, "pay", 3));

        assertThat(keeper.status("pay", 4).live()).isFalse();
        assertThat(keeper.status("pay", 4).reason())
                .isEqualTo("the hub has granted no lease for epoch 4 (its newest grant was for epoch 3)");
        assertThat(keeper.status("web", 1).reason())
                .isEqualTo("the hub has granted no lease for epoch 1 since the agent started");

        keeper.grant(grant(FIVE_SECONDS, "pay", 5));

        assertThat(keeper.status("pay", 5).live()).isTrue();
        assertThat(keeper.status("pay", 3).live()).as("the hub moved on from epoch 3").isFalse();
        assertThat(changes).containsExactly("pay@3 live", "pay@3 lapsed", "pay@5 live");

        keeper.grant(grant(FIVE_SECONDS, "pay", 3));
        assertThat(keeper.status("pay", 3).live()).as("a stale grant for an older epoch is ignored").isFalse();
    }

    @Test
    void aGrantForAnEpochNobodyAppliedYetIsKeptUntilItWouldExpire() {
        keeper.grant(grant(FIVE_SECONDS, "later", 9));
        time.advance(Duration.ofSeconds(3));

        assertThat(keeper.status("later", 9)).isEqualTo(LeaseStatus.live(Duration.ofSeconds(1)));

        time.advance(Duration.ofSeconds(1));
        assertThat(keeper.status("later", 9).live()).isFalse();
    }

    @Test
    void aMalformedGrantIsRefusedNamingTheFieldAndRecordsNothing() {
        LeaseGrant badEpoch = grant(FIVE_SECONDS, "pay", 3).toBuilder()
                .addAssignments(LeasedAssignment.newBuilder().setIntent("web")).build();
        assertThatThrownBy(() -> keeper.grant(badEpoch)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lease.assignments[1].epoch: must be positive (intent web)");
        assertThatThrownBy(() -> keeper.grant(grant(FIVE_SECONDS, "", 3)))
                .hasMessage("lease.assignments[0].intent: must not be empty");
        assertThatThrownBy(() -> keeper.grant(LeaseGrant.newBuilder()
                .addAssignments(LeasedAssignment.newBuilder().setIntent("pay").setEpoch(3)).build()))
                .hasMessage("lease.lease_duration: missing");
        assertThatThrownBy(() -> keeper.grant(grant(Duration.ofSeconds(-1), "pay", 3)))
                .hasMessage("lease.lease_duration: must be positive, got PT-1S");

        assertThat(keeper.status("pay", 3).live()).isFalse();
        assertThat(changes).isEmpty();
    }

    @Test
    void aLeaseShorterThanItsFenceAheadIsNeverLive() {
        keeper.grant(grant(Duration.ofMillis(150), "pay", 3));

        assertThat(keeper.status("pay", 3).live()).isFalse();
        assertThat(changes).isEmpty();
    }

    @Test
    void afterCloseGrantsAreIgnoredAndNothingIsScheduled() {
        keeper.grant(grant(FIVE_SECONDS, "pay", 3));
        keeper.close();

        keeper.grant(grant(FIVE_SECONDS, "web", 1));
        time.advance(Duration.ofSeconds(10));

        assertThat(keeper.status("web", 1).live()).isFalse();
        assertThat(changes).containsExactly("pay@3 live");
        assertThat(time.pendingTasks()).isZero();
    }

    static LeaseGrant grant(Duration lease, String intent, long epoch) {
        return LeaseGrant.newBuilder()
                .setLeaseDuration(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(lease.getSeconds()).setNanos(lease.getNano()))
                .addAssignments(LeasedAssignment.newBuilder().setIntent(intent).setEpoch(epoch))
                .build();
    }
}

package io.egressfed.hub.coordinator;

import static io.egressfed.hub.state.Resources.activePassive;
import static io.egressfed.hub.state.Resources.cluster;
import static io.egressfed.hub.state.Resources.labels;
import static io.egressfed.hub.state.Resources.perCluster;
import static io.egressfed.hub.state.Resources.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementDecision;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlacementDeciderTest {

    private final PlacementDecider decider = new PlacementDecider();
    private final Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final Map<String, EgressIPPool> pools = Map.of(
            "eu-public", pool("eu-public", labels("region", "eu"), "198.51.100.0/28"));
    private final Map<String, MemberCluster> clusters = Map.of(
            "a-eu", cluster("a-eu", Backend.BACKEND_KUBE_VIP, "region", "eu"),
            "b-eu", cluster("b-eu", Backend.BACKEND_KUBE_VIP, "region", "eu"),
            "c-us", cluster("c-us", Backend.BACKEND_KUBE_VIP, "region", "us"));

    @Test
    void firstPlacementFollowsThePreferenceOrder() {
        EgressIntent intent = withPreference("b-eu", "a-eu");

        PlacementDecision decision = decider.decide(intent, pools, clusters, Optional.empty(), now).orElseThrow();

        assertThat(decision.getActiveClustersList()).containsExactly("b-eu");
        assertThat(decision.getEpoch()).isEqualTo(1);
    }

    @Test
    void clustersWherePlacementOrPoolDoNotApplyAreNeverCandidates() {
        EgressIntent intent = activePassive("ledger", "eu-public", labels());

        assertThat(decider.candidates(intent, pools, clusters)).containsExactly("a-eu", "b-eu");
    }

    @Test
    void aStandingDecisionOnACandidateIsKept() {
        EgressIntent intent = withPreference("a-eu", "b-eu");
        PlacementDecision current = PlacementDecision.newBuilder().setIntent("ledger").addActiveClusters("b-eu")
                .setEpoch(4).build();

        assertThat(decider.decide(intent, pools, clusters, Optional.of(current), now)).isEmpty();
    }

    @Test
    void aDecisionWhoseClusterVanishedMovesWithANewEpoch() {
        EgressIntent intent = withPreference("a-eu", "b-eu");
        PlacementDecision current = PlacementDecision.newBuilder().setIntent("ledger").addActiveClusters("gone")
                .setEpoch(4).build();

        PlacementDecision decision = decider.decide(intent, pools, clusters, Optional.of(current), now).orElseThrow();

        assertThat(decision.getActiveClustersList()).containsExactly("a-eu");
        assertThat(decision.getEpoch()).isEqualTo(5);
    }

    @Test
    void perClusterIntentsNeedNoDecision() {
        EgressIntent intent = perCluster("payments", "eu-public", labels("region", "eu"));

        assertThat(decider.decide(intent, pools, clusters, Optional.empty(), now)).isEmpty();
    }

    private static EgressIntent withPreference(String... clusters) {
        EgressIntent.Builder intent = activePassive("ledger", "eu-public", labels("region", "eu")).toBuilder();
        for (String cluster : clusters) {
            intent.getSpecBuilder().getPlacementBuilder().addPreference(cluster);
        }
        return intent.build();
    }
}

package io.egressfed.e2e.lab.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    private static final List<String> REPLICAS = List.of("hub-0", "hub-1", "hub-2");
    private static final List<String> CLUSTERS = List.of("chaos-1", "chaos-2", "chaos-3");

    @Test
    void theSameSeedDrawsTheSamePlanAndAnotherSeedAnother() {
        Set<Fault> all = EnumSet.allOf(Fault.class);

        FaultPlan plan = FaultPlan.draw(7, all, 60_000, REPLICAS, CLUSTERS, 2);

        assertThat(FaultPlan.draw(7, all, 60_000, REPLICAS, CLUSTERS, 2)).isEqualTo(plan);
        assertThat(FaultPlan.draw(8, all, 60_000, REPLICAS, CLUSTERS, 2)).isNotEqualTo(plan);
        assertThat(plan.faults()).isNotEmpty();
    }

    @Test
    void onlyEnabledFaultsOnFreeTargetsAllHealedBeforeThePhaseEnds() {
        FaultPlan plan = FaultPlan.draw(3, EnumSet.of(Fault.CUT_LINK, Fault.FAIL_NODE), 60_000, REPLICAS, CLUSTERS, 2);

        Map<String, Long> busyUntil = new HashMap<>();
        for (FaultPlan.PlannedFault fault : plan.faults()) {
            assertThat(fault.fault()).isIn(Fault.CUT_LINK, Fault.FAIL_NODE);
            assertThat(fault.atMillis()).isGreaterThan(busyUntil.getOrDefault(fault.target(), -1L));
            assertThat(fault.atMillis() + fault.lastsMillis()).isLessThanOrEqualTo(58_000);
            busyUntil.put(fault.target(), fault.atMillis() + fault.lastsMillis());
            if (fault.fault() == Fault.FAIL_NODE) {
                assertThat(fault.nodes()).isNotEmpty().allMatch(node -> node.startsWith(fault.target() + "-node-"));
            }
        }
        assertThat(plan.summary()).matches("(cut-link=\\d+ ?)?(fail-node=\\d+)?");
    }

    @Test
    void aCrashedAgentsSuccessorStartsWithinTheLeaseTakeoverTime() {
        List<FaultPlan.PlannedFault> crashes = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            FaultPlan.draw(seed, EnumSet.of(Fault.KILL_AGENT, Fault.STOP_AGENT), 60_000, REPLICAS, CLUSTERS, 2)
                    .faults().stream().filter(f -> f.fault() == Fault.KILL_AGENT).forEach(crashes::add);
        }
        assertThat(crashes).isNotEmpty().allSatisfy(crash ->
                assertThat(crash.lastsMillis()).isBetween(2_000L, FaultPlan.AGENT_TAKEOVER_MILLIS));
    }

    @Test
    void anUnknownFaultNameIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> Fault.parse(List.of("kill-hub", "unplug")))
                .hasMessage("--faults: unknown fault 'unplug'; known: kill-hub,restart-etcd,cut-link,fail-node,kill-agent,stop-agent");
    }
}

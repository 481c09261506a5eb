package io.egressfed.hub.coordinator;

import static io.egressfed.hub.coordinator.PlacementDeciderTest.CLUSTERS;
import static io.egressfed.hub.coordinator.PlacementDeciderTest.INTENT;
import static io.egressfed.hub.coordinator.PlacementDeciderTest.POOLS;
import static io.egressfed.hub.coordinator.PlacementDeciderTest.SETTINGS;
import static io.egressfed.hub.coordinator.PlacementDeciderTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.Failback;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.hub.coordinator.PlacementStep.Kind;
import io.egressfed.hub.link.LiveStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the decider through random health, ACK and time sequences, applying each step as the coordinator
 * would, and checks the protocol's safety rules on the emitted records.
 */
class PlacementDeciderPropertyTest {

    private static final List<String> NAMES = List.of("a", "b", "c");
    private static final int STEPS = 400;

    private enum Agent { HEALTHY, UNHEALTHY, DISCONNECTED }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233})
    void neverActivatesAClusterWhileAnotherMayStillHoldTheIp(long seed) {
        Random random = new Random(seed);
        EgressIntent intent = PlacementDeciderTest.intent(random.nextBoolean() ? Failback.FAILBACK_AUTO
                : Failback.FAILBACK_MANUAL);
        PlacementDecider decider = new PlacementDecider();
        Map<String, Agent> agents = new HashMap<>();
        Map<String, Long> stableSince = new HashMap<>();
        Map<String, Long> published = new HashMap<>();
        Map<String, Long> applied = new HashMap<>();
        NAMES.forEach(name -> {
            agents.put(name, Agent.HEALTHY);
            stableSince.put(name, T0);
            published.put(name, 1L);
            applied.put(name, 1L);
        });
        long now = T0;
        Optional<PlacementDecision> record = Optional.empty();
        Withdrawal withdrawal = Withdrawal.since(now);
        int moves = 0;
        for (int i = 0; i < STEPS; i++) {
            now += random.nextInt(1500) * 1_000_000L;
            if (random.nextInt(4) == 0) {
                String flipped = NAMES.get(random.nextInt(NAMES.size()));
                agents.put(flipped, Agent.values()[random.nextInt(Agent.values().length)]);
                stableSince.put(flipped, now);
            }
            for (String name : NAMES) {
                if (agents.get(name) != Agent.DISCONNECTED && random.nextBoolean()) {
                    applied.put(name, published.get(name));
                }
            }
            if (random.nextInt(40) == 0) {
                String pin = random.nextInt(5) == 0 ? "us" : NAMES.get(random.nextInt(NAMES.size()));
                record = Optional.of(record.orElse(PlacementDeciderTest.record().build()).toBuilder()
                        .setPinnedCluster(pin).build());
            }
            DecisionContext context = new DecisionContext(health(agents, applied, stableSince), now,
                    Instant.EPOCH, SETTINGS);
            PlacementStep step = decider.decide(intent, POOLS, CLUSTERS, record, withdrawal, context);
            if (step.decision().isEmpty()) {
                continue;
            }
            PlacementDecision next = step.decision().get();
            String where = "seed " + seed + ", step " + i + ": " + record.orElse(null) + " -> " + next;
            assertThat(next.getActiveClustersCount()).as(where).isLessThanOrEqualTo(1);
            assertThat(next.getActiveClustersCount() == 0 || next.getFencedClustersCount() == 0).as(where).isTrue();
            long epoch = record.map(PlacementDecision::getEpoch).orElse(0L);
            if (step.kind() == Kind.UPDATE) {
                assertThat(next.getEpoch()).as(where).isEqualTo(epoch);
                assertThat(next.getActiveClustersList()).as(where)
                        .isEqualTo(record.orElseThrow().getActiveClustersList());
            } else {
                assertThat(next.getEpoch()).as(where).isGreaterThan(epoch);
            }
            if (next.getActiveClustersCount() == 1 && record.isPresent()) {
                PlacementDecision before = record.get();
                List<String> mayHold = before.getActiveClustersCount() > 0 ? before.getActiveClustersList()
                        : before.getFencedClustersList();
                String activated = next.getActiveClusters(0);
                // Never ACTIVE(C) -> ACTIVE(D): anything that may still hold the IP was fenced first...
                assertThat(before.getActiveClustersList().isEmpty()
                        || before.getActiveClustersList().equals(next.getActiveClustersList())).as(where).isTrue();
                if (!mayHold.isEmpty() && step.kind() == Kind.ACTIVATE) {
                    // ...and released by an ACK of its fencing version or by lease + margin.
                    Withdrawal w = withdrawal;
                    boolean acked = mayHold.stream().allMatch(c -> w.fencedVersions().containsKey(c)
                            && applied.getOrDefault(c, 0L) >= w.fencedVersions().get(c));
                    boolean expired = now - w.sinceNanos() >= SETTINGS.withdrawalTimeout().toNanos();
                    assertThat(acked || expired).as(where + " released " + activated).isTrue();
                }
            }
            if (step.kind() == Kind.WITHDRAW) {
                moves++;
                Map<String, Long> fencedVersions = new HashMap<>();
                for (String fenced : next.getFencedClustersList()) {
                    long version = published.merge(fenced, 1L, Long::sum);
                    fencedVersions.put(fenced, version);
                }
                withdrawal = new Withdrawal(now, fencedVersions);
            } else if (step.kind() == Kind.ACTIVATE) {
                published.merge(next.getActiveClusters(0), 1L, Long::sum);
            }
            record = Optional.of(next);
        }
        System.out.printf("seed %d: %d withdrawals over %d steps%n", seed, moves, STEPS);
    }

    private static HealthView health(Map<String, Agent> agents, Map<String, Long> applied,
                                     Map<String, Long> stableSince) {
        Map<String, LiveStatus> statuses = new HashMap<>();
        agents.forEach((name, agent) -> statuses.put(name, switch (agent) {
            case HEALTHY -> Agents.healthy(name, applied.get(name));
            case UNHEALTHY -> Agents.unhealthy(name, INTENT, applied.get(name));
            case DISCONNECTED -> Agents.disconnected(name, applied.get(name));
        }));
        return new HealthView(statuses, stableSince);
    }
}

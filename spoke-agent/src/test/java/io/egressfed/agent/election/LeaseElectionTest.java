package io.egressfed.agent.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas over one Lease: exactly one leads, and the other takes over when it goes. */
@EnableKubernetesMockClient(crud = true)
class LeaseElectionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    KubernetesClient client;
    private final List<LeaseElection> elections = new ArrayList<>();

    @AfterEach
    void closeAll() {
        elections.forEach(LeaseElection::close);
    }

    @Test
    void oneOfTwoReplicasLeadsAndTheOtherTakesOverWhenItStops() {
        Events a = new Events();
        Events b = new Events();
        LeaseElection first = election("ns-e1", "a", a);
        LeaseElection second = election("ns-e1", "b", b);

        await().atMost(WAIT).until(() -> first.isLeader() || second.isLeader());
        LeaseElection leader = first.isLeader() ? first : second;
        LeaseElection standby = leader == first ? second : first;
        Events standbyEvents = leader == first ? b : a;
        assertThat(standby.isLeader()).isFalse();
        assertThat(standbyEvents.log).isEmpty();
        await().atMost(WAIT).until(() -> standby.leader().equals(java.util.Optional.of(leader.settings().identity())));

        leader.close();

        await().atMost(WAIT).until(standby::isLeader);
        assertThat(standbyEvents.log).containsExactly("elected");
        assertThat(holder("ns-e1")).isEqualTo(standby.settings().identity());
        Events leaderEvents = leader == first ? a : b;
        assertThat(leaderEvents.log).as("closing on purpose is not a deposition").containsExactly("elected");
    }

    @Test
    void aLeaderWhoseLeaseIsTakenIsDeposedOnce() {
        Events events = new Events();
        LeaseElection only = election("ns-e2", "only", events);
        await().atMost(WAIT).until(only::isLeader);

        // The leader renews every retry period; an edit racing a renewal gets 409 and is tried again.
        await().atMost(WAIT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            client.leases().inNamespace("ns-e2").withName(LeaderElectionSettings.DEFAULT_LEASE_NAME).edit(lease ->
                    new LeaseBuilder(lease).editSpec().withHolderIdentity("intruder")
                            .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
                            .withLeaseDurationSeconds(3600).endSpec().build());
            return true;
        });

        await().atMost(WAIT).until(() -> !only.isLeader());
        assertThat(events.log).containsExactly("elected", "deposed");
        assertThat(holder("ns-e2")).isEqualTo("intruder");
    }

    @Test
    void timingThatLetsTwoLeadersOverlapIsRefusedNamingTheFlags() {
        assertThatThrownBy(() -> new LeaderElectionSettings("ns", "l", "a", Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--leader-election-renew-deadline (PT10S) must be shorter than "
                        + "--leader-election-lease-duration (PT10S)");
        assertThatThrownBy(() -> new LeaderElectionSettings("ns", "l", "a", Duration.ofSeconds(15),
                Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .hasMessage("--leader-election-renew-deadline (PT2S) must be longer than 1.2 x "
                        + "--leader-election-retry-period (PT2S)");
    }

    private String holder(String namespace) {
        Lease lease = client.leases().inNamespace(namespace).withName(LeaderElectionSettings.DEFAULT_LEASE_NAME).get();
        return lease.getSpec().getHolderIdentity();
    }

    private LeaseElection election(String namespace, String identity, Events events) {
        LeaseElection election = new LeaseElection(client, new LeaderElectionSettings(namespace,
                LeaderElectionSettings.DEFAULT_LEASE_NAME, identity, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofMillis(200)), events);
        elections.add(election);
        election.start();
        return election;
    }

    private static final class Events implements LeadershipListener {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void elected() {
            log.add("elected");
        }

        @Override
        public void deposed() {
            log.add("deposed");
        }
    }
}

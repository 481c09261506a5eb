package io.egressfed.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.ReplicatedLiveStatus;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.junit.jupiter.api.Test;

class LiveStatusReplicatorTest {

    private static final SelfUniqueAddress REPLICA = new SelfUniqueAddress(
            new UniqueAddress(new Address("pekko", "egressfed-hub", "127.0.0.1", 25520), 7L));

    @Test
    void theEntryLookedUpBeforeAWriteIsTheOneTheMapHoldsForThatCluster() {
        LWWMap<String, ReplicatedLiveStatus> map = LWWMap.create();
        for (int i = 0; i < 50; i++) {
            String cluster = "c" + i;
            map = map.put(REPLICA, cluster, ReplicatedLiveStatus.newBuilder().setCluster(cluster)
                    .setOwner("replica-" + (i % 3)).setConnected(i % 2 == 0).setWrittenAtMillis(i).build());
        }
        map = map.put(REPLICA, "c7", ReplicatedLiveStatus.newBuilder().setCluster("c7").setOwner("replica-2")
                .setConnected(true).setWrittenAtMillis(99).build());

        for (int i = 0; i < 50; i++) {
            assertThat(LiveStatusReplicator.entryOf(map, "c" + i)).isEqualTo(map.getEntries().get("c" + i));
        }
        assertThat(LiveStatusReplicator.entryOf(map, "c7").getWrittenAtMillis()).isEqualTo(99);
        assertThat(LiveStatusReplicator.entryOf(map, "absent")).isNull();
        assertThat(LiveStatusReplicator.entryOf(LWWMap.create(), "c1")).isNull();
    }
}

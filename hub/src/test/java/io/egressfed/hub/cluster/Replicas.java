package io.egressfed.hub.cluster;

import static org.awaitility.Awaitility.await;

import io.egressfed.testsupport.net.LoopbackPorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Several hub replicas' Pekko clusters on loopback in one JVM, stopped one after the other. */
final class Replicas implements AutoCloseable {

    private final List<HubCluster> members = new ArrayList<>();

    static Replicas start(int count) {
        LoopbackPorts free = new LoopbackPorts();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(free.next());
        }
        Replicas replicas = new Replicas();
        String seed = "127.0.0.1:" + ports.get(0);
        for (int i = 0; i < count; i++) {
            replicas.members.add(HubCluster.start(new ClusterSettings("replica-" + i, "127.0.0.1", ports.get(i),
                    List.of(seed), ClusterSettings.Discovery.NONE, ClusterSettings.KubernetesDiscovery.defaults(),
                    Duration.ofSeconds(2))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas.members.stream()
                .allMatch(member -> member.isUp() && member.replicas().size() == count));
        return replicas;
    }

    HubCluster get(int index) {
        return members.get(index);
    }

    List<HubCluster> all() {
        return members;
    }

    @Override
    public void close() {
        // One after the other: terminating several systems at once stalls cluster exit (STACK.md).
        for (int i = members.size() - 1; i >= 0; i--) {
            members.get(i).close();
        }
    }
}

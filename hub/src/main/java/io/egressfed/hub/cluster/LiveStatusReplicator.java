package io.egressfed.hub.cluster;

import io.egressfed.api.v1alpha1.ReplicatedLiveStatus;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import scala.Option;

/**
 * The actor between {@link DistributedLiveStatusRegistry} and Pekko: writes entries to the replicated
 * map (locally; gossip spreads them), hands the registry every change of the map and of membership.
 * All its messages are local.
 */
final class LiveStatusReplicator {

    static final Key<LWWMap<String, ReplicatedLiveStatus>> KEY = LWWMapKey.create("egressfed-live-status");

    private static final Set<MemberStatus> SERVING = Set.of(MemberStatus.up(), MemberStatus.weaklyUp(),
            MemberStatus.leaving());

    /** What the actor handles. */
    interface Command {
    }

    /** Writes one cluster's entry unless {@link DistributedLiveStatusRegistry#mayReplace} refuses. */
    record Publish(ReplicatedLiveStatus entry) implements Command {
    }

    private record MapChanged(Replicator.SubscribeResponse<LWWMap<String, ReplicatedLiveStatus>> response)
            implements Command {
    }

    private record Written(Replicator.UpdateResponse<LWWMap<String, ReplicatedLiveStatus>> response)
            implements Command {
    }

    private record MembershipChanged(ClusterEvent.ClusterDomainEvent event) implements Command {
    }

    private LiveStatusReplicator() {
    }

    static Behavior<Command> create(DistributedLiveStatusRegistry registry) {
        return Behaviors.setup(context -> DistributedData.withReplicatorMessageAdapter(
                (ReplicatorMessageAdapter<Command, LWWMap<String, ReplicatedLiveStatus>> replicator) -> {
                    Cluster cluster = Cluster.get(context.getSystem());
                    SelfUniqueAddress self = DistributedData.get(context.getSystem()).selfUniqueAddress();
                    replicator.subscribe(KEY, MapChanged::new);
                    ActorRef<ClusterEvent.ClusterDomainEvent> events = context.messageAdapter(
                            ClusterEvent.ClusterDomainEvent.class, MembershipChanged::new);
                    cluster.subscriptions().tell(Subscribe.create(events, ClusterEvent.ClusterDomainEvent.class));
                    return Behaviors.receive(Command.class)
                            .onMessage(Publish.class, publish -> {
                                replicator.askUpdate(replyTo -> new Replicator.Update<>(KEY, LWWMap.create(),
                                        Replicator.writeLocal(), replyTo, map -> {
                                            ReplicatedLiveStatus existing = entryOf(map,
                                                    publish.entry().getCluster());
                                            return registry.mayReplace(existing, publish.entry())
                                                    ? map.put(self, publish.entry().getCluster(), publish.entry())
                                                    : map;
                                        }), Written::new);
                                return Behaviors.same();
                            })
                            .onMessage(MapChanged.class, changed -> {
                                if (changed.response() instanceof Replicator.Changed<LWWMap<String,
                                        ReplicatedLiveStatus>> current) {
                                    registry.onReplicated(current.get(KEY).getEntries());
                                }
                                return Behaviors.same();
                            })
                            .onMessage(MembershipChanged.class, changed -> {
                                registry.onServingOwners(servingOwners(cluster));
                                return Behaviors.same();
                            })
                            .onMessage(Written.class, written -> {
                                if (!(written.response() instanceof Replicator.UpdateSuccess)) {
                                    context.getLog().warn("live status write was not applied: {}", written.response());
                                }
                                return Behaviors.same();
                            })
                            .build();
                }));
    }

    /**
     * One cluster's entry, or null. Not {@code map.getEntries().get(cluster)}: this runs for every publish
     * (each push, ACK and health change of every agent), and getEntries() copies the whole map, which at
     * 1,000 clusters took a fifth of the hub's CPU while a change propagated.
     */
    static ReplicatedLiveStatus entryOf(LWWMap<String, ReplicatedLiveStatus> map, String cluster) {
        Option<ReplicatedLiveStatus> found = map.get(cluster);
        return found.isDefined() ? found.get() : null;
    }

    /** The owners whose entries count: members that serve and are reachable from here. */
    static Set<String> servingOwners(Cluster cluster) {
        Set<Member> unreachable = cluster.state().getUnreachable();
        Set<String> owners = new HashSet<>();
        for (Member member : cluster.state().getMembers()) {
            if (SERVING.contains(member.status()) && !unreachable.contains(member)) {
                owners.add(owner(member.uniqueAddress()));
            }
        }
        return owners;
    }

    static String owner(UniqueAddress address) {
        return address.address() + "#" + address.longUid();
    }
}

package io.egressfed.hub.cluster;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's membership in the Pekko cluster of hub replicas: the actor system, how it joins, and
 * what the replica sees of the others.
 */
public final class HubCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubCluster.class);
    private static final Duration TERMINATION_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<MemberStatus> SERVING = Set.of(MemberStatus.up(), MemberStatus.weaklyUp(),
            MemberStatus.leaving());

    private final ClusterSettings settings;
    private final ActorSystem<Void> system;
    private final Cluster cluster;

    private HubCluster(ClusterSettings settings, ActorSystem<Void> system) {
        this.settings = settings;
        this.system = system;
        this.cluster = Cluster.get(system);
    }

    /**
     * Starts the actor system and joins: the seed nodes, Kubernetes bootstrap, or (neither configured)
     * itself. Returns at once; {@link #isUp()} tells when the replica is a member.
     *
     * @param settings how to join
     * @return the running membership
     * @throws IllegalStateException when Kubernetes discovery is asked for but Pekko Management is not
     *     on the classpath
     */
    public static HubCluster start(ClusterSettings settings) {
        Objects.requireNonNull(settings, "settings");
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME,
                PekkoConfig.build(settings));
        HubCluster membership = new HubCluster(settings, system);
        try {
            if (settings.discovery() == ClusterSettings.Discovery.KUBERNETES) {
                startBootstrap(system);
            } else if (settings.seedNodes().isEmpty()) {
                membership.cluster.manager().tell(Join.create(membership.cluster.selfMember().address()));
            }
        } catch (RuntimeException e) {
            membership.close();
            throw e;
        }
        LOG.info("hub replica {} is {} in the Pekko cluster ({})", settings.replicaName(),
                membership.selfAddress(), settings.discovery() == ClusterSettings.Discovery.KUBERNETES
                        ? "kubernetes discovery" : settings.seedNodes().isEmpty() ? "joining itself"
                        : "seed nodes " + settings.seedNodes());
        return membership;
    }

    /** @return the replica's actor system */
    public ActorSystem<Void> system() {
        return system;
    }

    /** @return the settings the replica joined with */
    public ClusterSettings settings() {
        return settings;
    }

    /** @return this replica's cluster address, {@code pekko://egressfed-hub@host:port} */
    public String selfAddress() {
        return cluster.selfMember().address().toString();
    }

    /**
     * Whether this replica is a member that takes part (status Up or WeaklyUp).
     *
     * @return true once joined
     */
    public boolean isUp() {
        MemberStatus status = cluster.selfMember().status();
        return !system.whenTerminated().isCompleted()
                && (status == MemberStatus.up() || status == MemberStatus.weaklyUp());
    }

    /**
     * The replicas currently serving (Up, WeaklyUp or Leaving) and reachable from here, by name.
     *
     * @return the replica names, sorted
     */
    public List<String> replicas() {
        Set<Member> unreachable = cluster.state().getUnreachable();
        return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .filter(member -> SERVING.contains(member.status()) && !unreachable.contains(member))
                .map(HubCluster::replicaName)
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    /**
     * Completes when the actor system has terminated: after {@link #close()}, or when the split-brain
     * resolver downed this replica.
     *
     * @return the future
     */
    public CompletableFuture<Void> terminated() {
        return system.getWhenTerminated().toCompletableFuture().thenApply(done -> null);
    }

    /** Leaves the cluster (handing singletons over) and terminates the actor system. */
    @Override
    public void close() {
        system.terminate();
        try {
            terminated().get(TERMINATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("actor system of replica {} did not terminate in {}: {}", settings.replicaName(),
                    TERMINATION_TIMEOUT, e.toString());
        }
    }

    static String replicaName(Member member) {
        return StreamSupport.stream(member.getRoles().spliterator(), false)
                .filter(role -> role.startsWith(PekkoConfig.REPLICA_ROLE_PREFIX))
                .map(role -> role.substring(PekkoConfig.REPLICA_ROLE_PREFIX.length()))
                .findFirst()
                .orElse(member.address().toString());
    }

    /**
     * Starts Pekko Management and Cluster Bootstrap. They are looked up by name because the hub does
     * not ship them: the images for Kubernetes add pekko-management-cluster-bootstrap and
     * pekko-discovery-kubernetes-api (matching the hub's Pekko version) to the classpath.
     */
    private static void startBootstrap(ActorSystem<Void> system) {
        try {
            org.apache.pekko.actor.ActorSystem classic = org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system);
            Class<?> management = Class.forName("org.apache.pekko.management.javadsl.PekkoManagement");
            Object managementInstance = management.getMethod("get", org.apache.pekko.actor.ActorSystem.class)
                    .invoke(null, classic);
            management.getMethod("start").invoke(managementInstance);
            Class<?> bootstrap = Class.forName("org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap");
            Object bootstrapInstance = bootstrap.getMethod("get", org.apache.pekko.actor.ActorSystem.class)
                    .invoke(null, classic);
            bootstrap.getMethod("start").invoke(bootstrapInstance);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("discovery: kubernetes needs pekko-management-cluster-bootstrap and "
                    + "pekko-discovery-kubernetes-api on the classpath; missing " + e.getMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("discovery: could not start Pekko Cluster Bootstrap: " + e, e);
        }
    }
}

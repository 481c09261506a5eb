package io.egressfed.hub.cluster;

import io.egressfed.hub.lead.Election;
import io.egressfed.hub.lead.Leadership;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link FencedService} (the coordinator) as a Pekko cluster singleton behind an etcd election:
 * where the singleton runs, it campaigns; once it leads, it builds the service with the leadership's
 * fencing compares and starts it. When the leadership is lost it closes the service and campaigns
 * again; when the singleton stops (hand-over, shutdown) it closes the service and resigns, so the next
 * replica's singleton wins at once.
 *
 * <p>The singleton and the election guard different failures: the singleton keeps one coordinator
 * running per Pekko cluster; the election (with fencing) keeps a coordinator on the wrong side of a
 * partition, or one that did not notice it was replaced, from committing anything.
 */
public final class CoordinatorSingleton {

    /** The election (and singleton) name. */
    public static final String NAME = "coordinator";

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorSingleton.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private CoordinatorSingleton() {
    }

    /**
     * Registers the singleton on this replica (every replica calls this; it runs on one).
     *
     * @param cluster the replica's membership
     * @param election the election guarding the service
     * @param factory builds the service for each leadership
     * @return the singleton's proxy
     */
    public static ActorRef<Command> init(HubCluster cluster, Election election, FencedService.Factory factory) {
        Objects.requireNonNull(election, "election");
        Objects.requireNonNull(factory, "factory");
        String candidate = cluster.settings().replicaName();
        return ClusterSingleton.get(cluster.system()).init(
                SingletonActor.of(behavior(election, factory, candidate), NAME).withStopMessage(Stop.INSTANCE));
    }

    /** What the singleton handles; all messages but the stop message are its own. */
    public interface Command {
    }

    /** Sent by the singleton manager when the singleton must move or stop. */
    public enum Stop implements Command {
        /** The one instance. */
        INSTANCE
    }

    private enum Campaign implements Command {
        INSTANCE
    }

    private record Won(Leadership leadership) implements Command {
    }

    private record CampaignFailed(Throwable error) implements Command {
    }

    private record Started(Leadership leadership, Throwable error) implements Command {
    }

    private record Lost(Leadership leadership) implements Command {
    }

    static Behavior<Command> behavior(Election election, FencedService.Factory factory, String candidate) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.getSelf().tell(Campaign.INSTANCE);
            return new Running(context, timers, election, factory, candidate).behavior();
        }));
    }

    /** The singleton's state: at most one leadership and one service at a time. */
    private static final class Running {
        private final ActorContext<Command> context;
        private final TimerScheduler<Command> timers;
        private final Election election;
        private final FencedService.Factory factory;
        private final String candidate;
        private Leadership leadership;
        private FencedService service;
        private boolean campaigning;
        private volatile boolean stopped;

        Running(ActorContext<Command> context, TimerScheduler<Command> timers, Election election,
                FencedService.Factory factory, String candidate) {
            this.context = context;
            this.timers = timers;
            this.election = election;
            this.factory = factory;
            this.candidate = candidate;
        }

        Behavior<Command> behavior() {
            return Behaviors.receive(Command.class)
                    .onMessageEquals(Campaign.INSTANCE, this::campaign)
                    .onMessage(Won.class, this::onWon)
                    .onMessage(CampaignFailed.class, this::onCampaignFailed)
                    .onMessage(Started.class, this::onStarted)
                    .onMessage(Lost.class, this::onLost)
                    .onMessageEquals(Stop.INSTANCE, this::stop)
                    .onSignal(PostStop.class, signal -> {
                        release();
                        return Behaviors.same();
                    })
                    .build();
        }

        private Behavior<Command> campaign() {
            if (campaigning || leadership != null) {
                return Behaviors.same();
            }
            campaigning = true;
            LOG.info("coordinator singleton on {} campaigns in the election", candidate);
            CompletableFuture<Leadership> campaign = election.campaign(NAME, candidate);
            // A campaign won after this singleton stopped would never be handed a message: resign it here.
            campaign.thenAccept(won -> {
                if (stopped) {
                    won.resign();
                }
            });
            context.pipeToSelf(campaign, (won, error) -> error != null ? new CampaignFailed(error) : new Won(won));
            return Behaviors.same();
        }

        private Behavior<Command> onWon(Won won) {
            campaigning = false;
            leadership = won.leadership();
            service = factory.create(won.leadership()::fencing);
            pipeCompletion(service.start(), error -> new Started(won.leadership(), error));
            pipeCompletion(won.leadership().lost(), error -> new Lost(won.leadership()));
            return Behaviors.same();
        }

        /**
         * Sends this actor the message made of a future's completion (its error, null on success).
         *
         * <p>The message is made in the future rather than by Pekko's adapter, so what Pekko carries
         * is never null. Pekko wraps a completed value as it is, and these futures complete with null;
         * when the wrapped null arrives after the singleton stopped (the lost() of the leadership it
         * resigns on its way out does, at every hand-over and shutdown), Pekko's DeadLetterListener
         * fails with a NullPointerException instead of logging a dead letter.
         */
        private void pipeCompletion(CompletableFuture<?> future, Function<Throwable, Command> toMessage) {
            // handle() turns a failure into a message too, so the piped future always has a value.
            context.pipeToSelf(future.handle((ignored, error) -> toMessage.apply(error)), (message, never) -> message);
        }

        private Behavior<Command> onCampaignFailed(CampaignFailed failed) {
            campaigning = false;
            LOG.warn("coordinator election failed on {}, retrying in {}: {}", candidate, RETRY_AFTER,
                    failed.error().getMessage());
            timers.startSingleTimer(Campaign.INSTANCE, RETRY_AFTER);
            return Behaviors.same();
        }

        private Behavior<Command> onStarted(Started started) {
            if (started.leadership() != leadership) {
                return Behaviors.same();
            }
            if (started.error() != null) {
                LOG.error("coordinator did not start on {}; resigning", candidate, started.error());
                leadership.resign();
            } else {
                LOG.info("coordinator runs on {} (fencing token {})", candidate, leadership.fencingToken());
            }
            return Behaviors.same();
        }

        private Behavior<Command> onLost(Lost lost) {
            if (lost.leadership() != leadership) {
                return Behaviors.same();
            }
            LOG.warn("coordinator on {} lost its leadership; stopping it and campaigning again", candidate);
            closeService();
            leadership = null;
            timers.startSingleTimer(Campaign.INSTANCE, RETRY_AFTER);
            return Behaviors.same();
        }

        private Behavior<Command> stop() {
            release();
            return Behaviors.stopped();
        }

        private void release() {
            stopped = true;
            closeService();
            if (leadership != null) {
                leadership.resign();
                leadership = null;
            }
        }

        private void closeService() {
            if (service != null) {
                try {
                    service.close();
                } catch (RuntimeException e) {
                    LOG.warn("coordinator on {} did not close cleanly: {}", candidate, e.toString());
                }
                service = null;
            }
        }
    }
}

package io.egressfed.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.egressfed.hub.lead.InMemoryElection;
import io.egressfed.hub.store.InMemoryStore;
import io.egressfed.hub.store.Keys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Stopping the coordinator singleton (at every hand-over and hub shutdown) resigns its leadership,
 * whose lost() then completes for an actor that is gone: Pekko must log that as an ordinary dead
 * letter, not fail with an ERROR.
 */
class CoordinatorSingletonStopTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger pekkoLogger = logback.getLogger("org.apache.pekko");
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final InMemoryStore store = new InMemoryStore();
    private Level pekkoLevel;
    private ActorSystem<CoordinatorSingleton.Command> system;

    @BeforeEach
    void captureLogs() {
        captured.start();
        pekkoLogger.addAppender(captured);
        pekkoLevel = pekkoLogger.getLevel();
        // Dead letters are logged at INFO (by the recipient's ref class); the test waits for one.
        pekkoLogger.setLevel(Level.INFO);
    }

    @AfterEach
    void restore() {
        if (system != null) {
            system.terminate();
            await().atMost(PATIENCE).until(() -> system.whenTerminated().isCompleted());
        }
        store.close();
        pekkoLogger.detachAppender(captured);
        pekkoLogger.setLevel(pekkoLevel);
    }

    @Test
    void stoppingTheSingletonThatLeadsLogsADeadLetterAndNoError() {
        InMemoryElection election = new InMemoryElection(store, new Keys("/singleton-stop/"));
        CompletableFuture<Void> started = new CompletableFuture<>();
        AtomicBoolean closed = new AtomicBoolean();
        FencedService.Factory factory = fencing -> FencedService.of(() -> {
            started.complete(null);
            return CompletableFuture.completedFuture(null);
        }, () -> closed.set(true));
        system = ActorSystem.create(parentOf(CoordinatorSingleton.behavior(election, factory, "replica-0")),
                "singleton-stop", config());
        await().atMost(PATIENCE).until(started::isDone);

        system.tell(CoordinatorSingleton.Stop.INSTANCE);

        await().atMost(PATIENCE).until(() -> !events(Level.ERROR).isEmpty() || !deadLetters().isEmpty());
        assertThat(events(Level.ERROR)).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(deadLetters()).anySatisfy(message -> assertThat(message).contains("CoordinatorSingleton$Lost"));
        assertThat(closed).isTrue();
    }

    /** The singleton must not be the guardian: its stop would end the system, whose dead letters go unlogged. */
    private static Behavior<CoordinatorSingleton.Command> parentOf(Behavior<CoordinatorSingleton.Command> child) {
        return Behaviors.setup(context -> {
            ActorRef<CoordinatorSingleton.Command> singleton = context.spawn(child, CoordinatorSingleton.NAME);
            return Behaviors.receiveMessage(message -> {
                singleton.tell(message);
                return Behaviors.same();
            });
        });
    }

    private static Config config() {
        return ConfigFactory.parseMap(Map.of(
                        "pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"),
                        "pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter",
                        "pekko.loglevel", "INFO",
                        "pekko.stdout-loglevel", "OFF"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    /** The appender adds under its own lock (AppenderBase.doAppend is synchronized). */
    private List<ILoggingEvent> capturedSoFar() {
        synchronized (captured) {
            return List.copyOf(captured.list);
        }
    }

    private List<ILoggingEvent> events(Level level) {
        return capturedSoFar().stream().filter(event -> event.getLevel() == level).toList();
    }

    private List<String> deadLetters() {
        return capturedSoFar().stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.contains("was not delivered"))
                .toList();
    }
}

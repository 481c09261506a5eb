package io.egressfed.agent.link;

import io.egressfed.agent.apply.AppliedVersionStore;
import io.egressfed.agent.apply.ApplyOutcome;
import io.egressfed.agent.apply.ConfigApplier;
import io.egressfed.api.envelope.ConfigVerifier;
import io.egressfed.api.envelope.Verification;
import io.egressfed.api.v1alpha1.AgentMessage;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAck;
import io.egressfed.api.v1alpha1.ConfigNack;
import io.egressfed.api.v1alpha1.SignedEnvelope;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies and applies pushed configs, one at a time, and answers each with an ACK or a NACK.
 *
 * <p>The mailbox holds one envelope: one that arrives while another is being applied replaces the
 * waiting one, so a slow backend applies the newest config next, not every config in between.
 * Verification happens just before applying, against the version applied by then. A rejected envelope
 * is NACKed with its reason and nothing is applied; an envelope of the version already applied is ACKed
 * without applying. The applied version is persisted only after the backend reported success, and only
 * then ACKed.
 *
 * <p>Resend after a start: when the applier {@linkplain ConfigApplier#needsCurrentConfigAfterStart() needs
 * the current config again}, the version said in hello ({@link #helloVersion()}) is the one before the
 * persisted version until a config has been applied in this process, because the hub only sends a config
 * newer than the hello. The config of the persisted version is then verified and applied again; anything
 * older is still refused as a rollback.
 *
 * <p>Thread-safe.
 */
final class ConfigPipeline {

    private static final Logger log = LoggerFactory.getLogger(ConfigPipeline.class);

    private final ConfigVerifier verifier;
    private final ConfigApplier applier;
    private final AppliedVersionStore versions;
    private final Executor applyExecutor;
    private final Consumer<AgentMessage> replies;

    private final Object lock = new Object();
    // Guarded by lock.
    private SignedEnvelope waiting;
    private boolean busy;
    private boolean closed;
    private String lastError = "";

    private volatile long appliedVersion;
    // True until a config has been applied in this process, when the applier needs the current one resent.
    private volatile boolean resendPending;

    /**
     * Creates the pipeline.
     *
     * @param verifier checks envelopes against the pinned keys, the cluster and the applied version
     * @param applier puts configs into effect
     * @param versions persists the applied version
     * @param initialAppliedVersion the version persisted before this start
     * @param applyExecutor where verification and applying run, away from the link's timers
     * @param replies sends ACKs and NACKs to the hub (dropped while no stream is open)
     */
    ConfigPipeline(ConfigVerifier verifier, ConfigApplier applier, AppliedVersionStore versions,
            long initialAppliedVersion, Executor applyExecutor, Consumer<AgentMessage> replies) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.applier = Objects.requireNonNull(applier, "applier");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.appliedVersion = initialAppliedVersion;
        this.resendPending = initialAppliedVersion > 0 && applier.needsCurrentConfigAfterStart();
        this.applyExecutor = Objects.requireNonNull(applyExecutor, "applyExecutor");
        this.replies = Objects.requireNonNull(replies, "replies");
    }

    /** The version of the last applied config, 0 if none. */
    long appliedVersion() {
        return appliedVersion;
    }

    /**
     * The version to say in hello: the applied one, or the one before it while the current config must be
     * resent after a start.
     */
    long helloVersion() {
        long applied = appliedVersion;
        return resendPending ? applied - 1 : applied;
    }

    /** The reason of the last NACK, empty when the last answer was an ACK. */
    String lastError() {
        synchronized (lock) {
            return lastError;
        }
    }

    /**
     * Queues an envelope, replacing one that is still waiting.
     *
     * @param envelope the envelope as received from the hub
     */
    void offer(SignedEnvelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (waiting != null) {
                log.debug("a newer config replaces one still waiting to be applied");
            }
            waiting = envelope;
            if (busy) {
                return;
            }
            busy = true;
        }
        applyExecutor.execute(this::processNext);
    }

    /** Stops taking envelopes; an apply in progress finishes, a waiting envelope is dropped. */
    void close() {
        synchronized (lock) {
            closed = true;
            waiting = null;
        }
    }

    private void processNext() {
        SignedEnvelope envelope;
        synchronized (lock) {
            envelope = closed ? null : waiting;
            waiting = null;
            if (envelope == null) {
                busy = false;
                return;
            }
        }
        CompletableFuture<Void> done;
        try {
            done = process(envelope);
        } catch (RuntimeException e) {
            log.error("processing a config failed", e);
            done = CompletableFuture.completedFuture(null);
        }
        // Hop back onto the apply executor, so that a long run of configs cannot grow the stack.
        done.whenComplete((ignored, error) -> applyExecutor.execute(this::processNext));
    }

    private CompletableFuture<Void> process(SignedEnvelope envelope) {
        long applied = appliedVersion;
        boolean resend = resendPending;
        // While a resend is pending the persisted version itself must count as new, so it gets applied.
        Verification verification = verifier.verify(envelope, resend ? applied - 1 : applied);
        if (verification instanceof Verification.Rejected rejected) {
            // A rejection carries no version (an unauthenticated payload is never parsed to find one);
            // the message names it when it is known, and the hub attributes the NACK to what it sent.
            nack(0, rejected.reason() + ": " + rejected.message(), Map.of());
            return CompletableFuture.completedFuture(null);
        }
        if (verification instanceof Verification.AlreadyApplied already) {
            if (already.version() < applied) {
                nack(already.version(), "version " + already.version() + " is older than the last applied version "
                        + applied, Map.of());
            } else {
                ack(already.version());
            }
            return CompletableFuture.completedFuture(null);
        }
        ClusterConfig config = ((Verification.Accepted) verification).config();
        long version = config.getVersion();
        CompletableFuture<ApplyOutcome> outcome;
        try {
            outcome = Objects.requireNonNull(applier.apply(config), "the applier returned no future");
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        return outcome.handle((result, error) -> {
            if (error != null) {
                nack(version, "applying failed: " + message(error), Map.of());
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (!result.applied()) {
                nack(version, result.reason(), result.assignmentErrors());
                return CompletableFuture.<Void>completedFuture(null);
            }
            return recordApplied(version);
        }).thenCompose(recorded -> recorded);
    }

    private CompletableFuture<Void> recordApplied(long version) {
        // The config is in effect from here on: older ones must be refused even if recording it fails.
        appliedVersion = version;
        resendPending = false;
        CompletableFuture<Void> saved;
        try {
            saved = versions.save(version);
        } catch (RuntimeException e) {
            saved = CompletableFuture.failedFuture(e);
        }
        return saved.handle((ignored, error) -> {
            if (error != null) {
                // A restart would forget this version and could accept an older config.
                nack(version, "config version " + version + " is applied but could not be recorded: " + message(error),
                        Map.of());
            } else {
                log.info("applied config version {}", version);
                ack(version);
            }
            return null;
        });
    }

    private static String message(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private void ack(long version) {
        synchronized (lock) {
            lastError = "";
        }
        replies.accept(AgentMessage.newBuilder().setAck(ConfigAck.newBuilder().setVersion(version)).build());
    }

    private void nack(long version, String error, Map<String, String> assignmentErrors) {
        log.warn("refusing {}: {}", version == 0 ? "a pushed config" : "config version " + version, error);
        synchronized (lock) {
            lastError = error;
        }
        replies.accept(AgentMessage.newBuilder().setNack(ConfigNack.newBuilder()
                .setVersion(version)
                .setError(error)
                .putAllAssignmentErrors(assignmentErrors)).build());
    }
}

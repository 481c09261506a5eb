package io.egressfed.agent.apply;

import io.egressfed.api.v1alpha1.ClusterConfig;
import java.util.concurrent.CompletableFuture;

/**
 * Carries out verified cluster configs. The hub link hands every config here after verifying its
 * signature and binding, one at a time and from a thread of its own (an implementation may block), and
 * turns the outcome into an ACK or a NACK.
 */
@FunctionalInterface
public interface ConfigApplier {

    /**
     * Applies a config: checks it, writes the backend's objects, deletes owned objects it no longer
     * wants. Configs are applied one at a time, in call order.
     *
     * <p>A version equal to the last applied one is applied again (that is how a restarted agent learns
     * its current config, see {@link #needsCurrentConfigAfterStart()}). Refused without any change: a
     * version older than the last applied one (also across agent restarts) or than the config being
     * enforced, a malformed config (the reason names the field), a backend the cluster cannot run.
     * Applied as far as possible but failed: assignments the backend cannot express here (e.g. kube-vip
     * with a selector that is not one pod) and objects that could not be written; the outcome names them
     * by intent.
     *
     * @param config a verified config
     * @return completes with the outcome once the objects are written; an exceptional completion counts
     *         as a failure with the exception's message
     */
    CompletableFuture<ApplyOutcome> apply(ClusterConfig config);

    /**
     * Whether this applier must be handed the config of the last applied version again after the agent
     * process starts. An applier that keeps what it enforces only in memory, and therefore leaves the
     * cluster's objects alone until it has a config, answers true: the hub link then asks the hub to
     * resend the current config on its first connection (rollback stays refused). Answering false lets a
     * restarted agent resume from its persisted version and receive only newer configs.
     *
     * @return true when the current config must be resent after a start; false by default
     */
    default boolean needsCurrentConfigAfterStart() {
        return false;
    }
}

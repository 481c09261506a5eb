package io.egressfed.agent.apply;

import io.egressfed.api.v1alpha1.ClusterConfig;
import java.util.concurrent.CompletableFuture;

/**
 * Carries out verified cluster configs. The hub link hands every config here after verifying its
 * signature and binding, and turns the outcome into an ACK or a NACK.
 */
public interface ConfigApplier {

    /**
     * Applies a config: checks it, writes the backend's objects, deletes owned objects it no longer
     * wants, then persists the version. Configs are applied one at a time, in call order.
     *
     * <p>Refused without any change: a version older than the last applied one (also across agent
     * restarts) or than the config being enforced, a malformed config (the reason names the field), a
     * backend the cluster cannot run. Applied as far as possible but failed: assignments the backend
     * cannot express here (e.g. kube-vip with a selector that is not one pod) and objects that could
     * not be written; the outcome names them by intent.
     *
     * @param config a verified config
     * @return completes with the outcome once the objects are written (never exceptionally, except
     *         when the applier is closed)
     */
    CompletableFuture<ApplyOutcome> apply(ClusterConfig config);

    /**
     * The last version applied completely and persisted; known from the agent's start on.
     *
     * @return the version, 0 when none
     */
    long lastAppliedVersion();
}

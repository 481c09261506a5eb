package io.egressfed.agent.link;

import io.egressfed.api.v1alpha1.ClusterConfig;
import java.util.concurrent.CompletableFuture;

/**
 * Puts a verified config into effect in the cluster (the backend layer: Cilium, kube-vip). The link
 * calls it for one config at a time, on a thread of its own, so an implementation may block; configs
 * that arrive meanwhile are coalesced and only the newest is applied next.
 */
@FunctionalInterface
public interface ConfigApplier {

    /**
     * Applies a config whose signature, cluster, version and validity were already verified.
     *
     * @param config the config to put into effect
     * @return the outcome; an exceptional completion counts as a failure with the exception's message
     */
    CompletableFuture<ApplyOutcome> apply(ClusterConfig config);
}

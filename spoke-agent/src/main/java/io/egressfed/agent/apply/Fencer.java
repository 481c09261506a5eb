package io.egressfed.agent.apply;

import java.util.concurrent.CompletableFuture;

/**
 * Explicit local fencing of ActivePassive assignments, beside the lease fencing every pass applies on
 * its own (see {@link AgentApplier}); an assignment is written fenced when either fences it. A fenced
 * assignment must not carry its address: the Cilium backends keep the
 * policy but point it at no node (matching traffic is dropped, never leaked with a node address);
 * kube-vip's Service is removed (the address is released). A fence holds until {@link #unfence} or a
 * config that gives the assignment a newer epoch.
 */
public interface Fencer {

    /**
     * Fences one ACTIVE assignment.
     *
     * @param intent the intent name
     * @return completes when the fenced objects are written; the outcome's intents are empty when the
     *         config has no ACTIVE assignment of that name
     */
    CompletableFuture<FenceOutcome> fence(String intent);

    /**
     * Fences every ACTIVE assignment of an ActivePassive intent, e.g. when the link to the hub is lost.
     *
     * @return completes when the fenced objects are written
     */
    CompletableFuture<FenceOutcome> fenceAllActivePassive();

    /**
     * Lifts a local fence, e.g. when the hub grants the lease again for the same epoch; the
     * assignment's role in the config applies again.
     *
     * @param intent the intent name
     * @return completes when the objects are written; intents are empty when it was not fenced
     */
    CompletableFuture<FenceOutcome> unfence(String intent);
}

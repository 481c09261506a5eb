package io.egressfed.e2e.lab.demo;

import java.util.List;

/**
 * The cross-cluster failover cannot be shown: the hub sees no other candidate of the intent healthy, so
 * the coordinator would keep it where it is. Thrown before anything is failed.
 */
public final class NoFailoverTargetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param intent  the intent
     * @param targets one line per other candidate: why the hub does not count it healthy
     */
    public NoFailoverTargetException(String intent, List<String> targets) {
        super("no failover target of " + intent + " is healthy in the hub's view, so the coordinator keeps it "
                + "where it is (" + String.join("; ", targets) + ")");
    }
}

package io.egressfed.hub.link;

/** Stops a registration (a feed subscriber, a status listener). */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Stops notifications; none starts after this returns. Idempotent. */
    @Override
    void close();
}

package io.egressfed.hub.link;

import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.Hello;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live status of every member cluster's agent as seen by this hub: connection, config versions,
 * ACK/NACK outcome, heartbeats and health. Fed by the link sessions, read by the admin API and the
 * coordinator. Implementations are thread-safe.
 */
public interface LiveStatusRegistry {

    /**
     * Records an agent stream that said hello; it becomes the cluster's current session.
     *
     * @param cluster the authenticated cluster
     * @param session the stream's id, increasing with every stream
     * @param hello what the agent said
     * @param at when
     */
    void agentConnected(String cluster, long session, Hello hello, Instant at);

    /**
     * Records that a stream closed or fell silent. Ignored unless it is the cluster's current session, so
     * that a lingering old stream cannot disconnect a newer one.
     *
     * @param cluster the cluster
     * @param session the stream's id
     * @param at when
     */
    void agentDisconnected(String cluster, long session, Instant at);

    /**
     * Records the newest config version the hub holds for the cluster.
     *
     * @param cluster the cluster
     * @param version the version
     */
    void configDesired(String cluster, long version);

    /**
     * Records that the agent applied a version; clears the last error when it covers that error's
     * version.
     *
     * @param cluster the cluster
     * @param version the version the agent ACKed
     * @param at when
     */
    void configAcked(String cluster, long version, Instant at);

    /**
     * Records that the agent refused or failed to apply a version.
     *
     * @param cluster the cluster
     * @param version the version the agent NACKed
     * @param error the agent's reason
     * @param assignmentErrors per-assignment reasons (intent name to reason), possibly empty
     * @param at when
     */
    void configNacked(String cluster, long version, String error, Map<String, String> assignmentErrors, Instant at);

    /**
     * Records that the agent was heard from (any message, heartbeats included).
     *
     * @param cluster the cluster
     * @param at when
     */
    void agentSeen(String cluster, Instant at);

    /**
     * Keeps the agent's latest health report.
     *
     * @param cluster the cluster
     * @param report the report, its {@code cluster} field set to {@code cluster}
     * @param at when it arrived
     */
    void healthReported(String cluster, HealthReport report, Instant at);

    /**
     * Returns one cluster's live status.
     *
     * @param cluster the cluster
     * @return its status, or empty when no agent of it has ever connected to this hub
     */
    Optional<LiveStatus> status(String cluster);

    /**
     * Returns every known cluster's live status.
     *
     * @return the statuses, sorted by cluster name
     */
    List<LiveStatus> all();

    /**
     * Registers a listener called after every change except a bare {@link #agentSeen} (which happens
     * every heartbeat and would drown the interesting changes).
     *
     * @param listener the listener
     * @return the handle that removes it
     */
    Subscription addListener(LiveStatusListener listener);
}

package io.egressfed.hub.audit;

import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.WhoisResponse;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who held an egress IP address at an instant, and the audit records that say so.
 *
 * @param ip the address
 * @param pool the pool it was allocated from
 * @param intent the intent holding it
 * @param cluster the cluster carrying it; empty for an ActivePassive address before any failover
 *     record named its active cluster
 * @param gatewayNode the gateway node carrying it, when a record named one; otherwise empty
 * @param since when the answer last changed (the allocation, or the latest failover)
 * @param evidence the records the answer rests on, in commit order: the allocation, then failovers
 */
public record IpHolder(String ip, String pool, String intent, String cluster, String gatewayNode, Instant since,
                       List<AuditRecord> evidence) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException when a component is null
     */
    public IpHolder {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(gatewayNode, "gatewayNode");
        Objects.requireNonNull(since, "since");
        evidence = List.copyOf(evidence);
    }

    /**
     * The admin API's answer for this holder.
     *
     * @return a found {@link WhoisResponse}
     */
    public WhoisResponse toResponse() {
        return WhoisResponse.newBuilder()
                .setFound(true)
                .setIp(ip)
                .setPool(pool)
                .setIntent(intent)
                .setCluster(cluster)
                .setGatewayNode(gatewayNode)
                .setSince(Timestamp.newBuilder().setSeconds(since.getEpochSecond()).setNanos(since.getNano()))
                .addAllEvidence(evidence)
                .build();
    }
}

package io.egressfed.hub.link;

import io.egressfed.api.v1alpha1.HubMessage;
import io.egressfed.api.v1alpha1.LeaseGrant;
import io.egressfed.api.v1alpha1.LeasedAssignment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A lease grant waiting for the transport to accept it. The lease shrinks while it waits: it was computed
 * at {@code computedAtNanos} ({@link System#nanoTime()}) and must not outlive that moment plus its length.
 *
 * @param assignments     the (intent, epoch) pairs granted
 * @param leaseNanos      the lease's length as computed
 * @param computedAtNanos when it was computed
 * @param failoverAfter   how long after a grant the hub may move a silent holder's IPs (lease + margin)
 */
record PendingLease(List<LeasedAssignment> assignments, long leaseNanos, long computedAtNanos,
                    Duration failoverAfter) {

    /** Copies the list. */
    PendingLease {
        assignments = List.copyOf(assignments);
    }

    /**
     * The message granting what is left of the lease at {@code nowNanos}.
     *
     * @param configVersion the newest config version pushed on the stream
     * @return empty when the lease ran out while waiting: granting it would overstate it
     */
    Optional<HubMessage> grantAt(long nowNanos, long configVersion) {
        long remaining = leaseNanos - (nowNanos - computedAtNanos);
        if (remaining <= 0) {
            return Optional.empty();
        }
        return Optional.of(HubMessage.newBuilder().setLease(LeaseGrant.newBuilder()
                .addAllAssignments(assignments)
                .setLeaseDuration(proto(Duration.ofNanos(remaining)))
                .setFailoverAfter(proto(failoverAfter))
                .setConfigVersion(configVersion)).build());
    }

    private static com.google.protobuf.Duration proto(Duration duration) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(duration.getSeconds())
                .setNanos(duration.getNano()).build();
    }
}

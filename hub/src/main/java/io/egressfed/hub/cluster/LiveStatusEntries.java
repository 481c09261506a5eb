package io.egressfed.hub.cluster;

import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.ReplicatedLiveStatus;
import io.egressfed.hub.link.LiveStatus;
import java.time.Instant;
import java.util.Optional;

/** Converts between {@link LiveStatus} and its replicated form. */
final class LiveStatusEntries {

    private LiveStatusEntries() {
    }

    static ReplicatedLiveStatus toEntry(LiveStatus status, String owner, long writtenAtMillis) {
        ReplicatedLiveStatus.Builder entry = ReplicatedLiveStatus.newBuilder()
                .setCluster(status.cluster())
                .setOwner(owner)
                .setConnected(status.connected())
                .setSession(status.session())
                .setAppliedVersion(status.appliedVersion())
                .setDesiredVersion(status.desiredVersion())
                .setLastError(status.lastError())
                .setLastErrorVersion(status.lastErrorVersion())
                .putAllAssignmentErrors(status.assignmentErrors())
                .setAgentVersion(status.agentVersion())
                .addAllDetectedBackends(status.detectedBackends())
                .setWrittenAtMillis(writtenAtMillis);
        status.connectionChangedAt().ifPresent(at -> entry.setConnectionChangedAt(timestamp(at)));
        status.lastSeen().ifPresent(at -> entry.setLastSeen(timestamp(at)));
        status.lastHealth().ifPresent(entry::setLastHealth);
        return entry.build();
    }

    static LiveStatus toStatus(ReplicatedLiveStatus entry, boolean ownerServing) {
        return new LiveStatus(entry.getCluster(), entry.getConnected() && ownerServing, entry.getSession(),
                entry.hasConnectionChangedAt() ? Optional.of(instant(entry.getConnectionChangedAt())) : Optional.empty(),
                entry.getAppliedVersion(), entry.getDesiredVersion(), entry.getLastError(), entry.getLastErrorVersion(),
                entry.getAssignmentErrorsMap(),
                entry.hasLastSeen() ? Optional.of(instant(entry.getLastSeen())) : Optional.empty(),
                entry.getAgentVersion(), entry.getDetectedBackendsList(),
                entry.hasLastHealth() ? Optional.of(entry.getLastHealth()) : Optional.empty());
    }

    /** The status with {@code lastSeen} cleared: what listeners are told about (heartbeats alone are not). */
    static LiveStatus withoutLastSeen(LiveStatus status) {
        return new LiveStatus(status.cluster(), status.connected(), status.session(), status.connectionChangedAt(),
                status.appliedVersion(), status.desiredVersion(), status.lastError(), status.lastErrorVersion(),
                status.assignmentErrors(), Optional.empty(), status.agentVersion(), status.detectedBackends(),
                status.lastHealth());
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}

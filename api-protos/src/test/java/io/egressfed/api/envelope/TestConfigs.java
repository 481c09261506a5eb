package io.egressfed.api.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.GatewaySpec;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared fixtures: a realistic config for one cluster and a fixed clock. */
final class TestConfigs {

  static final String CLUSTER = "eu-west-1";
  static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private TestConfigs() {}

  /** A config for {@link #CLUSTER}, issued 10 s ago and valid for one hour. */
  static ClusterConfig.Builder config(long version) {
    return ClusterConfig.newBuilder()
        .setCluster(CLUSTER)
        .setVersion(version)
        .setIssuedAt(timestamp(NOW.minusSeconds(10)))
        .setExpiresAt(timestamp(NOW.plusSeconds(3600)))
        .setBackend(Backend.BACKEND_CILIUM)
        .setGateway(
            GatewaySpec.newBuilder()
                .setNodeSelector(LabelSelector.newBuilder().putMatchLabels("egress-gateway", "true")))
        .addAssignments(
            ConfigAssignment.newBuilder()
                .setIntent("payments-bank-api")
                .setEgressIp("198.51.100.10")
                .setWorkloads(
                    WorkloadSelector.newBuilder()
                        .setNamespaceSelector(
                            LabelSelector.newBuilder().putMatchLabels("team", "payments")))
                .addDestinationCidrs("203.0.113.0/24")
                .setRole(AssignmentRole.ASSIGNMENT_ROLE_ACTIVE)
                .setMode(PlacementMode.PLACEMENT_MODE_PER_CLUSTER));
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  /** Asserts that a verification is a rejection and returns it for further assertions. */
  static Verification.Rejected rejection(Verification verification) {
    assertThat(verification).isInstanceOf(Verification.Rejected.class);
    return (Verification.Rejected) verification;
  }

  /** Asserts that a verification accepted a config and returns that config. */
  static ClusterConfig accepted(Verification verification) {
    assertThat(verification).isInstanceOf(Verification.Accepted.class);
    return ((Verification.Accepted) verification).config();
  }

  /** The production parser, counting how often the verifier calls it. */
  static final class CountingParser implements ConfigParser {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public ClusterConfig parse(ByteString payload) throws InvalidProtocolBufferException {
      calls.incrementAndGet();
      return ClusterConfig.parseFrom(payload);
    }

    int calls() {
      return calls.get();
    }
  }
}

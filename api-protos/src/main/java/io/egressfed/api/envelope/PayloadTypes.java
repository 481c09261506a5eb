package io.egressfed.api.envelope;

/** Payload types that egressfed envelopes carry. */
public final class PayloadTypes {

  /** A serialized {@link io.egressfed.api.v1alpha1.ClusterConfig}. */
  public static final String CLUSTER_CONFIG =
      "application/vnd.egressfed.cluster-config.v1alpha1+protobuf";

  private PayloadTypes() {}
}

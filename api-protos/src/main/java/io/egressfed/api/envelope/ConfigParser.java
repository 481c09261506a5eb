package io.egressfed.api.envelope;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.egressfed.api.v1alpha1.ClusterConfig;

/**
 * Turns authenticated payload bytes into a {@link ClusterConfig}. A seam so that tests can observe
 * that the verifier only ever parses payloads whose signature it has checked.
 */
@FunctionalInterface
public interface ConfigParser {

  /**
   * Parses a payload.
   *
   * @param payload the payload bytes, already authenticated
   * @return the config
   * @throws InvalidProtocolBufferException if the bytes are not a ClusterConfig
   */
  ClusterConfig parse(ByteString payload) throws InvalidProtocolBufferException;

  /**
   * The production parser.
   *
   * @return a parser using the generated protobuf code
   */
  static ConfigParser protobuf() {
    return ClusterConfig::parseFrom;
  }
}

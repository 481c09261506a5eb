package io.egressfed.api.manifest;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The message types a codec handles, keyed by kind; a kind is the proto message's simple name. */
final class ManifestKinds {

  private final Map<String, Message> prototypes;

  private ManifestKinds(List<Message> prototypes) {
    Map<String, Message> byKind = new LinkedHashMap<>();
    for (Message prototype : prototypes) {
      byKind.put(prototype.getDescriptorForType().getName(), prototype.getDefaultInstanceForType());
    }
    this.prototypes = Collections.unmodifiableMap(byKind);
  }

  /** The kinds of the given message types; tests use it to reach messages outside the standard three. */
  static ManifestKinds of(List<Message> prototypes) {
    return new ManifestKinds(prototypes);
  }

  static ManifestKinds standard() {
    return new ManifestKinds(List.of(
        EgressIPPool.getDefaultInstance(),
        MemberCluster.getDefaultInstance(),
        EgressIntent.getDefaultInstance()));
  }

  Optional<Message> prototype(String kind) {
    return Optional.ofNullable(prototypes.get(kind));
  }

  List<String> names() {
    return List.copyOf(prototypes.keySet());
  }

  String kindOf(Message object) {
    String kind = object.getDescriptorForType().getName();
    Message prototype = prototypes.get(kind);
    if (prototype == null
        || prototype.getDescriptorForType() != object.getDescriptorForType()) {
      throw new IllegalArgumentException(String.format(
          "%s is not a manifest kind; known kinds: %s",
          object.getDescriptorForType().getFullName(), String.join(", ", names())));
    }
    return kind;
  }
}

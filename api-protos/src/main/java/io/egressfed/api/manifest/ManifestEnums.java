package io.egressfed.api.manifest;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import io.egressfed.api.v1alpha1.MetaProto;
import java.util.List;
import java.util.Optional;

/**
 * Enum spellings in manifests come from the {@code (egressfed.v1alpha1.manifest_name)} option;
 * values without it (the {@code *_UNSPECIFIED} zero values) cannot be written or read.
 */
final class ManifestEnums {

  private ManifestEnums() {
  }

  static Optional<String> nameOf(EnumValueDescriptor value) {
    String name = value.getOptions().getExtension(MetaProto.manifestName);
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }

  static Optional<EnumValueDescriptor> valueOf(EnumDescriptor type, String name) {
    return type.getValues().stream()
        .filter(value -> nameOf(value).filter(name::equals).isPresent())
        .findFirst();
  }

  static List<String> allowedNames(EnumDescriptor type) {
    return type.getValues().stream()
        .map(ManifestEnums::nameOf)
        .flatMap(Optional::stream)
        .toList();
  }
}

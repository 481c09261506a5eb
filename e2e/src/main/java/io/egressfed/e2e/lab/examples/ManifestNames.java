package io.egressfed.e2e.lab.examples;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.ProtocolMessageEnum;
import io.egressfed.api.v1alpha1.MetaProto;
import java.util.List;
import java.util.Optional;

/** The manifest spellings of enum values ({@code cilium}, {@code kube-vip}, {@code Active}, ...). */
public final class ManifestNames {

    private ManifestNames() {
    }

    /** The manifest spelling of {@code value}, or its proto name when it has none. */
    public static String of(ProtocolMessageEnum value) {
        EnumValueDescriptor descriptor = value.getValueDescriptor();
        String name = descriptor.getOptions().getExtension(MetaProto.manifestName);
        return name.isEmpty() ? descriptor.getName() : name;
    }

    /** The value of {@code type} spelled {@code name} in manifests. */
    public static Optional<EnumValueDescriptor> parse(EnumDescriptor type, String name) {
        return type.getValues().stream()
                .filter(value -> value.getOptions().getExtension(MetaProto.manifestName).equals(name))
                .findFirst();
    }

    /** Every manifest spelling of {@code type}, in declaration order. */
    public static List<String> allowed(EnumDescriptor type) {
        return type.getValues().stream()
                .map(value -> value.getOptions().getExtension(MetaProto.manifestName))
                .filter(name -> !name.isEmpty())
                .toList();
    }
}

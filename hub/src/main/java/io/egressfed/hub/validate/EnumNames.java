package io.egressfed.hub.validate;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.ProtocolMessageEnum;
import io.egressfed.api.v1alpha1.MetaProto;
import java.util.Optional;
import java.util.stream.Collectors;

/** Manifest spellings of enum values (the {@code manifest_name} option), for error messages. */
final class EnumNames {
    private EnumNames() {
    }

    /** Returns the manifest spelling of a known value, e.g. "kube-vip"; the proto name when it has none. */
    static String of(ProtocolMessageEnum value) {
        EnumValueDescriptor descriptor = value.getValueDescriptor();
        String manifestName = descriptor.getOptions().getExtension(MetaProto.manifestName);
        return manifestName.isEmpty() ? descriptor.getName() : manifestName;
    }

    /**
     * Returns why a required enum field holding {@code number} is refused: unset (0) or a number this
     * hub does not know (an open proto3 enum keeps it as UNRECOGNIZED).
     */
    static Optional<String> requiredProblem(int number, EnumDescriptor type) {
        if (number == 0) {
            return Optional.of("required; one of " + allowed(type));
        }
        return unknownProblem(number, type);
    }

    /** Returns why an optional enum field holding {@code number} is refused: only unknown numbers are. */
    static Optional<String> unknownProblem(int number, EnumDescriptor type) {
        if (type.findValueByNumber(number) == null) {
            return Optional.of("unknown value " + number + "; one of " + allowed(type));
        }
        return Optional.empty();
    }

    /** Returns the values a manifest may spell, e.g. "cilium, kube-vip, cilium-vip". */
    static String allowed(EnumDescriptor type) {
        return type.getValues().stream()
                .map(v -> v.getOptions().getExtension(MetaProto.manifestName))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.joining(", "));
    }
}

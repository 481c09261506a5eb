package io.egressfed.cli;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.ProtocolMessageEnum;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import io.egressfed.api.v1alpha1.MetaProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How values read in tables: enum values by their manifest names, selectors and labels in kubectl syntax. */
final class Names {

    private Names() {
    }

    /** The manifest spelling of an enum value ({@code kube-vip}, {@code ActivePassive}); empty when unset. */
    static String of(ProtocolMessageEnum value) {
        if (value.getNumber() == 0) {
            return "";
        }
        EnumValueDescriptor descriptor = value.getValueDescriptor();
        String manifestName = descriptor.getOptions().getExtension(MetaProto.manifestName);
        return manifestName.isEmpty() ? descriptor.getName() : manifestName;
    }

    /** {@code k=v,k2=v2} in key order. */
    static String labels(Map<String, String> labels) {
        return new TreeMap<>(labels).entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(","));
    }

    /** The selector in kubectl's string syntax, e.g. {@code region=eu,site in (a,b)}. */
    static String selector(LabelSelector selector) {
        List<String> terms = new ArrayList<>();
        new TreeMap<>(selector.getMatchLabelsMap()).forEach((key, value) -> terms.add(key + "=" + value));
        for (LabelSelectorRequirement requirement : selector.getMatchExpressionsList()) {
            String values = "(" + String.join(",", requirement.getValuesList()) + ")";
            terms.add(switch (requirement.getOperator()) {
                case "In" -> requirement.getKey() + " in " + values;
                case "NotIn" -> requirement.getKey() + " notin " + values;
                case "Exists" -> requirement.getKey();
                case "DoesNotExist" -> "!" + requirement.getKey();
                default -> requirement.getKey() + " " + requirement.getOperator() + " " + values;
            });
        }
        return terms.isEmpty() ? "<all>" : String.join(",", terms);
    }
}

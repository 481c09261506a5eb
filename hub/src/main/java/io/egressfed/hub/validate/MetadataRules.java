package io.egressfed.hub.validate;

import com.google.protobuf.MessageLite;
import io.egressfed.api.v1alpha1.ObjectMeta;
import io.egressfed.hub.net.K8sNames;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Rules shared by every kind: name, labels, annotations and object size. */
final class MetadataRules {
    /** Kubernetes' bound on the sum of annotation key and value sizes (TotalAnnotationSizeLimitB). */
    static final int MAX_ANNOTATION_BYTES = 256 * 1024;

    private MetadataRules() {
    }

    static void check(ObjectMeta metadata, Errors errors) {
        K8sNames.dnsLabelProblem(metadata.getName()).ifPresent(reason -> errors.add("metadata.name", reason));
        checkLabels(metadata.getLabelsMap(), errors);
        checkAnnotations(metadata.getAnnotationsMap(), errors);
    }

    /** Checks the serialized size; the binary protobuf form is what is stored and what etcd limits. */
    static void checkSize(MessageLite object, Errors errors) {
        int size = object.getSerializedSize();
        if (size > Validator.MAX_OBJECT_BYTES) {
            errors.add("", "object is " + size + " bytes serialized, above the limit of "
                    + Validator.MAX_OBJECT_BYTES + " bytes (256 KiB)");
        }
    }

    private static void checkLabels(Map<String, String> labels, Errors errors) {
        new TreeMap<>(labels).forEach((key, value) -> {
            K8sNames.qualifiedNameProblem(key).ifPresent(reason -> errors.add("metadata.labels", reason));
            K8sNames.labelValueProblem(value)
                    .ifPresent(reason -> errors.add("metadata.labels", "label \"" + key + "\": " + reason));
        });
    }

    private static void checkAnnotations(Map<String, String> annotations, Errors errors) {
        long total = 0;
        for (Map.Entry<String, String> annotation : new TreeMap<>(annotations).entrySet()) {
            K8sNames.qualifiedNameProblem(annotation.getKey())
                    .ifPresent(reason -> errors.add("metadata.annotations", reason));
            total += annotation.getKey().getBytes(StandardCharsets.UTF_8).length
                    + annotation.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > MAX_ANNOTATION_BYTES) {
            errors.add("metadata.annotations", "keys and values total " + total
                    + " bytes, above the limit of " + MAX_ANNOTATION_BYTES + " bytes");
        }
    }
}

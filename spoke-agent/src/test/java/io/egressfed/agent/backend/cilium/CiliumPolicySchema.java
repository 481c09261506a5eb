package io.egressfed.agent.backend.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates policies against the CiliumEgressGatewayPolicy CRD schema copied into the test resources
 * (see {@code cilium/README.md}), plus the rule the schema cannot express: never {@code interface}
 * together with {@code egressIP}.
 */
public final class CiliumPolicySchema {

    private static final JsonSchema SCHEMA = load();
    private static final ObjectMapper JSON = new ObjectMapper();

    private CiliumPolicySchema() {
    }

    /**
     * The schema violations of a policy.
     *
     * @param policy the policy as written
     * @return the violations, empty when valid
     */
    public static Set<ValidationMessage> violations(GenericKubernetesResource policy) {
        try {
            JsonNode node = JSON.readTree(Serialization.asJson(policy));
            return SCHEMA.validate(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that a policy is schema-valid, has an egress IP and no interface.
     *
     * @param policy the policy
     */
    @SuppressWarnings("unchecked")
    public static void assertValid(GenericKubernetesResource policy) {
        assertThat(violations(policy)).as("schema violations of %s", policy.getMetadata().getName()).isEmpty();
        Map<String, Object> spec = (Map<String, Object>) policy.getAdditionalProperties().get("spec");
        Map<String, Object> gateway = (Map<String, Object>) spec.get("egressGateway");
        assertThat(gateway).containsKey("egressIP").doesNotContainKey("interface");
    }

    private static JsonSchema load() {
        try (InputStream in = CiliumPolicySchema.class.getResourceAsStream("/cilium/ciliumegressgatewaypolicy_v2.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("test resource cilium/ciliumegressgatewaypolicy_v2.schema.json is missing");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            // The CRD's Kubernetes extensions carry no validation; declaring them keeps the validator quiet.
            JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV7())
                    .keywords(List.of(new NonValidationKeyword("x-kubernetes-list-type"),
                            new NonValidationKeyword("x-kubernetes-map-type")))
                    .build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, builder -> builder.metaSchema(metaSchema))
                    .getSchema(text, InputFormat.JSON, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

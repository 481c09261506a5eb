package io.egressfed.e2e.lab.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Locale;

/**
 * The two Cilium custom resources the lab needs, both cluster-scoped {@code cilium.io/v2}. Clients are
 * built from explicit definitions so that no API discovery is needed.
 */
public final class CiliumResources {

    /** {@code ciliumegressgatewaypolicies.cilium.io}. */
    public static final ResourceDefinitionContext EGRESS_GATEWAY_POLICY = definition(
            "CiliumEgressGatewayPolicy", "ciliumegressgatewaypolicies");

    /** {@code ciliumnodes.cilium.io}. */
    public static final ResourceDefinitionContext CILIUM_NODE = definition("CiliumNode", "ciliumnodes");

    private CiliumResources() {
    }

    /** The CiliumEgressGatewayPolicy objects of {@code client}'s cluster. */
    public static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> policies(KubernetesClient client) {
        return client.genericKubernetesResources(EGRESS_GATEWAY_POLICY);
    }

    /** The CiliumNode objects of {@code client}'s cluster. */
    public static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> ciliumNodes(KubernetesClient client) {
        return client.genericKubernetesResources(CILIUM_NODE);
    }

    /** The CustomResourceDefinitions to create before any object of these kinds. */
    static List<CustomResourceDefinition> definitions() {
        return List.of(crd(EGRESS_GATEWAY_POLICY, "cegp"), crd(CILIUM_NODE, "cn"));
    }

    private static ResourceDefinitionContext definition(String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup("cilium.io")
                .withVersion("v2")
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(false)
                .build();
    }

    private static CustomResourceDefinition crd(ResourceDefinitionContext context, String shortName) {
        // The lab's API server does not validate; the real schema lives in shared/reference/cilium.
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(context.getPlural() + "." + context.getGroup()).endMetadata()
                .withNewSpec()
                .withGroup(context.getGroup())
                .withScope("Cluster")
                .withNewNames()
                .withKind(context.getKind())
                .withListKind(context.getKind() + "List")
                .withPlural(context.getPlural())
                .withSingular(context.getKind().toLowerCase(Locale.ROOT))
                .withShortNames(shortName)
                .endNames()
                .addNewVersion()
                .withName(context.getVersion())
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withOpenAPIV3Schema(new JSONSchemaPropsBuilder()
                        .withType("object")
                        .withXKubernetesPreserveUnknownFields(true)
                        .build())
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
    }
}

package io.egressfed.agent.backend.cilium;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The Cilium custom resources the agent reads and writes, addressed as generic resources. */
public final class CiliumResources {

    /** API group of both resources. */
    public static final String GROUP = "cilium.io";
    /** Served version used. */
    public static final String VERSION = "v2";
    /** Kind of the egress policy. */
    public static final String POLICY_KIND = "CiliumEgressGatewayPolicy";
    /** CRD name of the egress policy. */
    public static final String POLICY_CRD = "ciliumegressgatewaypolicies.cilium.io";
    /** CRD name of CiliumNode. */
    public static final String CILIUM_NODE_CRD = "ciliumnodes.cilium.io";

    /** {@code cilium.io/v2 CiliumEgressGatewayPolicy}, cluster-scoped. */
    public static final ResourceDefinitionContext POLICIES = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP)
            .withVersion(VERSION)
            .withKind(POLICY_KIND)
            .withPlural("ciliumegressgatewaypolicies")
            .withNamespaced(false)
            .build();

    /** {@code cilium.io/v2 CiliumNode}, cluster-scoped, one per node with the node's name. */
    public static final ResourceDefinitionContext CILIUM_NODES = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP)
            .withVersion(VERSION)
            .withKind("CiliumNode")
            .withPlural("ciliumnodes")
            .withNamespaced(false)
            .build();

    private CiliumResources() {
    }
}

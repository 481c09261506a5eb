package io.egressfed.agent.backend;

import io.egressfed.agent.backend.cilium.CiliumResources;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Looks for Cilium's CRDs and for kube-vip in the cluster (a few API reads, blocking). */
public final class BackendDetector {

    private static final String KUBE_VIP_PREFIX = "kube-vip";

    private final KubernetesClient client;
    private final String kubeVipNamespace;

    /**
     * Creates a detector.
     *
     * @param client           the cluster's client
     * @param kubeVipNamespace where kube-vip runs when it does (usually {@code kube-system})
     */
    public BackendDetector(KubernetesClient client, String kubeVipNamespace) {
        this.client = client;
        this.kubeVipNamespace = kubeVipNamespace;
    }

    /**
     * Detects now.
     *
     * @return what was found
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server cannot be read
     */
    public DetectedBackends detect() {
        boolean policies = crdExists(CiliumResources.POLICY_CRD);
        boolean nodes = crdExists(CiliumResources.CILIUM_NODE_CRD);
        boolean kubeVip = client.apps().daemonSets().inNamespace(kubeVipNamespace).list().getItems().stream()
                .anyMatch(ds -> ds.getMetadata().getName().startsWith(KUBE_VIP_PREFIX))
                || client.pods().inNamespace(kubeVipNamespace).list().getItems().stream()
                .anyMatch(pod -> pod.getMetadata().getName().startsWith(KUBE_VIP_PREFIX));
        return new DetectedBackends(policies, nodes, kubeVip);
    }

    private boolean crdExists(String name) {
        return client.apiextensions().v1().customResourceDefinitions().withName(name).get() != null;
    }
}

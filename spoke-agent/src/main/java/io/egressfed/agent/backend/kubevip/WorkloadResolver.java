package io.egressfed.agent.backend.kubevip;

import io.egressfed.agent.backend.LabelSelectors;
import io.egressfed.agent.backend.ManagedNamespaces;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.WorkloadSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Finds the one namespace and the one pod a kube-vip egress Service can serve. kube-vip SNATs a single
 * pod per Service and a Service selects pods of its own namespace by a plain label map, so a workload
 * selector is expressible only when it resolves to exactly one namespace and exactly one running pod
 * there, with a pod selector made of match labels alone. That namespace must be one the agent manages;
 * pods are only ever listed there.
 */
public final class WorkloadResolver {

    /**
     * The outcome of a resolution.
     *
     * @param namespace the namespace, "" when unresolved
     * @param pod       the pod, "" when unresolved
     * @param problem   why it cannot be expressed, "" when it can
     */
    public record Resolution(String namespace, String pod, String problem) {

        /** @return whether the selector resolved to one namespace and one pod */
        public boolean resolved() {
            return problem.isEmpty();
        }

        static Resolution refused(String problem) {
            return new Resolution("", "", problem);
        }
    }

    private static final int LISTED_NAMES = 5;

    private final KubernetesClient client;
    private final ManagedNamespaces managed;

    /**
     * Creates a resolver for workloads in every namespace.
     *
     * @param client the cluster's client
     */
    public WorkloadResolver(KubernetesClient client) {
        this(client, ManagedNamespaces.all());
    }

    /**
     * Creates a resolver for workloads in some namespaces.
     *
     * @param client  the cluster's client
     * @param managed the namespaces whose workloads the agent serves
     */
    public WorkloadResolver(KubernetesClient client, ManagedNamespaces managed) {
        this.client = client;
        this.managed = managed;
    }

    /**
     * Resolves a workload selector against the cluster as it is now (two API list calls).
     *
     * @param workloads the selector
     * @return the namespace and pod, or the reason kube-vip cannot express it
     */
    public Resolution resolve(WorkloadSelector workloads) {
        LabelSelector pods = workloads.getPodSelector();
        if (LabelSelectors.isEmpty(pods)) {
            return Resolution.refused("kube-vip SNATs one pod per Service, but the empty podSelector selects every pod");
        }
        if (pods.getMatchExpressionsCount() > 0) {
            return Resolution.refused("a Service selects pods by matchLabels only, but the podSelector uses matchExpressions");
        }
        LabelSelector namespaceSelector = workloads.getNamespaceSelector();
        List<String> namespaces = (LabelSelectors.isEmpty(namespaceSelector)
                ? client.namespaces().list()
                : client.namespaces().withLabelSelector(LabelSelectors.toModel(namespaceSelector)).list())
                .getItems().stream()
                .filter(namespace -> LabelSelectors.matches(namespaceSelector, namespace.getMetadata().getLabels()))
                .map(Namespace::getMetadata).map(meta -> meta.getName()).sorted().toList();
        if (namespaces.size() != 1) {
            return Resolution.refused("kube-vip needs the namespaceSelector to match exactly one namespace, it matches "
                    + describe(namespaces));
        }
        String namespace = namespaces.get(0);
        if (!managed.manages(namespace)) {
            return Resolution.refused(managed.notManaged(namespace));
        }
        List<String> running = client.pods().inNamespace(namespace).withLabels(pods.getMatchLabelsMap()).list()
                .getItems().stream()
                .filter(WorkloadResolver::live)
                .map(pod -> pod.getMetadata().getName()).sorted().toList();
        if (running.size() != 1) {
            return Resolution.refused("kube-vip SNATs one pod per Service, but the podSelector matches "
                    + describe(running) + " in namespace " + namespace);
        }
        return new Resolution(namespace, running.get(0), "");
    }

    private static boolean live(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    private static String describe(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        String shown = String.join(", ", names.subList(0, Math.min(LISTED_NAMES, names.size())));
        return names.size() + " (" + shown + (names.size() > LISTED_NAMES ? ", ..." : "") + ")";
    }
}

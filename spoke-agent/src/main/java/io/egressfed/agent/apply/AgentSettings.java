package io.egressfed.agent.apply;

import io.egressfed.agent.backend.ManagedNamespaces;
import java.util.Objects;
import java.util.Optional;

/**
 * How the agent is installed.
 *
 * @param cluster           the cluster name this agent serves (configs for another cluster are refused)
 * @param agentVersion      the agent's version, reported to the hub
 * @param agentNamespace    the agent's namespace: its state ConfigMap and the cilium-vip Services live there
 * @param kubeVipNamespace  where kube-vip runs when it does
 * @param loadBalancerClass the class kube-vip serves, when kube-vip is configured to serve only one
 * @param managedNamespaces where the agent reads and writes workload Services and pods
 */
public record AgentSettings(String cluster, String agentVersion, String agentNamespace, String kubeVipNamespace,
                           Optional<String> loadBalancerClass, ManagedNamespaces managedNamespaces) {

    /** Checks that the names are present. */
    public AgentSettings {
        requireText(cluster, "cluster");
        requireText(agentVersion, "agentVersion");
        requireText(agentNamespace, "agentNamespace");
        requireText(kubeVipNamespace, "kubeVipNamespace");
        Objects.requireNonNull(loadBalancerClass, "loadBalancerClass");
        Objects.requireNonNull(managedNamespaces, "managedNamespaces");
    }

    /**
     * Settings with kube-vip in {@code kube-system}, no load-balancer class and every namespace managed.
     *
     * @param cluster        the cluster name
     * @param agentVersion   the agent's version
     * @param agentNamespace the agent's namespace
     * @return the settings
     */
    public static AgentSettings of(String cluster, String agentVersion, String agentNamespace) {
        return new AgentSettings(cluster, agentVersion, agentNamespace, "kube-system", Optional.empty(),
                ManagedNamespaces.all());
    }

    /**
     * These settings with workloads served only in some namespaces.
     *
     * @param namespaces the managed namespaces
     * @return new settings
     */
    public AgentSettings withManagedNamespaces(ManagedNamespaces namespaces) {
        return new AgentSettings(cluster, agentVersion, agentNamespace, kubeVipNamespace, loadBalancerClass,
                namespaces);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}

package io.egressfed.e2e.charts;

import java.util.List;
import java.util.Map;

/** Named value sets the chart tests render and lint, from the defaults to most switches turned. */
final class ChartValueSets {

    static final String CA_SHA256 = "8dd43162791b0f6e3c1a2b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";
    static final String KEY_ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    /** The namespaces the {@code kube-vip-managed-namespaces} agent set confines the agent to. */
    static final List<String> MANAGED_NAMESPACES = List.of("payments", "shipping");
    static final String NEXT_KEY_ID = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    private ChartValueSets() {
    }

    /** A named set of values over the chart defaults. */
    record ValueSet(String name, Map<String, Object> values) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<ValueSet> hub() {
        return List.of(
                new ValueSet("defaults", Map.of()),
                new ValueSet("tls-existing-secrets", Map.of(
                        "replicas", 5,
                        "etcd", Map.of("endpoints", List.of("https://etcd-0.etcd:2379", "https://etcd-1.etcd:2379"),
                                "prefix", "/prod/egressfed/",
                                "tls", Map.of("enabled", true, "existingSecret", "etcd-client",
                                        "clientCertificate", true)),
                        "signingKey", Map.of("existingSecret", "hub-signing", "secretKey", "key.pem"),
                        "ca", Map.of("existingSecret", "hub-ca"),
                        "adminToken", Map.of("existingSecret", "hub-admin"),
                        "hub", Map.of("serverNames", List.of("hub.example.com"),
                                "serverAddresses", List.of("203.0.113.10"), "leaseDuration", "8s",
                                "leaseMargin", "2s", "splitBrainStableAfter", "20s"),
                        "service", Map.of("type", "LoadBalancer", "loadBalancerIP", "203.0.113.10"),
                        "serviceMonitor", Map.of("enabled", true),
                        "networkPolicy", Map.of("enabled", true,
                                "adminFrom", List.of(Map.of("namespaceSelector",
                                        Map.of("matchLabels", Map.of("team", "platform"))))))),
                new ValueSet("single-plaintext-admin", Map.of(
                        "replicas", 1, "fullnameOverride", "hub",
                        "hub", Map.of("adminPlaintext", true),
                        "podDisruptionBudget", Map.of("enabled", false))));
    }

    static List<ValueSet> agent() {
        return List.of(
                new ValueSet("defaults", Map.of()),
                new ValueSet("cilium", Map.of(
                        "clusterName", "eu-west-1",
                        "hub", Map.of("address", "hub.example.com:7443", "caSha256", CA_SHA256,
                                "signingKeySha256", List.of(KEY_ID)),
                        "bootstrapToken", "abc123.0123456789abcdef")),
                new ValueSet("kube-vip-existing-token", Map.of(
                        "replicas", 1, "backend", "kube-vip",
                        "clusterName", "eu-central-1",
                        "hub", Map.of("address", "203.0.113.10:7443", "caSha256", CA_SHA256,
                                "signingKeySha256", List.of(KEY_ID, NEXT_KEY_ID)),
                        "bootstrapTokenSecret", Map.of("name", "enrollment", "key", "bootstrap"),
                        "leaderElection", Map.of("enabled", false),
                        "kubeVipNamespace", "kube-vip")),
                new ValueSet("cilium-vip-enrolled", Map.of(
                        "backend", "cilium-vip", "fullnameOverride", "agent",
                        "clusterName", "eu-north-1",
                        "hub", Map.of("address", "hub.example.com:443", "caSha256", CA_SHA256,
                                "signingKeySha256", List.of(KEY_ID)),
                        "credentialsSecret", "agent-identity",
                        "leaderElection", Map.of("leaseName", "egress-leader"))),
                new ValueSet("kube-vip-managed-namespaces", Map.of(
                        "backend", "kube-vip",
                        "clusterName", "eu-south-1",
                        "hub", Map.of("address", "hub.example.com:7443", "caSha256", CA_SHA256,
                                "signingKeySha256", List.of(KEY_ID)),
                        "bootstrapToken", "abc123.0123456789abcdef",
                        "managedNamespaces", MANAGED_NAMESPACES)));
    }
}

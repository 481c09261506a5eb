package io.egressfed.e2e.lab.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What a chaos run applies: one pool in the lab range 198.18.0.0/15, {@code clusters} cilium clusters
 * {@code chaos-1..N}, two ActivePassive intents (one preferring the clusters in order with Auto failback,
 * one in reverse order with Manual failback) and one PerCluster intent over every cluster. Written as
 * manifests, which the cluster processes also read to seed namespaces, pods and gateway addresses.
 *
 * @param clusters how many member clusters
 */
public record ChaosScenario(int clusters) {

    /** The most clusters the pool's addresses on each gateway (8) serve: two ActivePassive IPs plus one each. */
    public static final int MAX_CLUSTERS = 6;
    /** The annotation carrying the id of the write that produced an object's content. */
    public static final String WRITE_ANNOTATION = "chaos.egressfed.io/write";

    static final String POOL = "chaos-pool";
    static final String FORWARD = "ap-forward";
    static final String REVERSE = "ap-reverse";
    static final String PER_CLUSTER = "per-cluster";

    /** Checks the count. */
    public ChaosScenario {
        if (clusters < 1 || clusters > MAX_CLUSTERS) {
            throw new IllegalArgumentException("--clusters: expected 1.." + MAX_CLUSTERS + ", got " + clusters);
        }
    }

    /** {@code chaos-1 .. chaos-N}. */
    public List<String> clusterNames() {
        return IntStream.rangeClosed(1, clusters).mapToObj(i -> "chaos-" + i).toList();
    }

    /** The intents, with their mode and selected clusters (every cluster). */
    List<IntentSpec> intents() {
        Set<String> all = Set.copyOf(clusterNames());
        return List.of(new IntentSpec(FORWARD, true, all), new IntentSpec(REVERSE, true, all),
                new IntentSpec(PER_CLUSTER, false, all));
    }

    /**
     * One intent of the scenario.
     *
     * @param name          its name
     * @param activePassive its mode
     * @param clusters      the clusters it selects
     */
    record IntentSpec(String name, boolean activePassive, Set<String> clusters) {
    }

    /** Writes {@code pools.yaml}, {@code clusters.yaml} and {@code intents.yaml} into {@code directory}. */
    public void write(Path directory, String writeId) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("pools.yaml"), pool(writeId), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("clusters.yaml"), String.join("---\n",
                clusterNames().stream().map(name -> cluster(name, writeId)).toList()), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("intents.yaml"), String.join("---\n",
                intents().stream().map(intent -> intent(intent.name(), writeId)).toList()), StandardCharsets.UTF_8);
    }

    String pool(String writeId) {
        return """
                apiVersion: egressfed.io/v1alpha1
                kind: EgressIPPool
                metadata:
                  name: %s
                  annotations: {"%s": "%s"}
                spec:
                  cidrs: [198.18.0.0/27]
                  exclude: [198.18.0.0/32]
                  clusterSelector: {matchLabels: {lab: chaos}}
                """.formatted(POOL, WRITE_ANNOTATION, writeId);
    }

    String cluster(String name, String writeId) {
        return """
                apiVersion: egressfed.io/v1alpha1
                kind: MemberCluster
                metadata:
                  name: %s
                  labels: {lab: chaos}
                  annotations: {"%s": "%s"}
                spec:
                  backend: cilium
                  gateway:
                    nodeSelector: {matchLabels: {egress-gateway: "true"}}
                """.formatted(name, WRITE_ANNOTATION, writeId);
    }

    String intent(String name, String writeId) {
        List<String> preference = new ArrayList<>(clusterNames());
        if (name.equals(REVERSE)) {
            java.util.Collections.reverse(preference);
        }
        String placement = name.equals(PER_CLUSTER) ? "mode: PerCluster"
                : "mode: ActivePassive\n    preference: [" + String.join(", ", preference) + "]\n    failback: "
                        + (name.equals(FORWARD) ? "Auto" : "Manual");
        return """
                apiVersion: egressfed.io/v1alpha1
                kind: EgressIntent
                metadata:
                  name: %s
                  annotations: {"%s": "%s"}
                spec:
                  workloads:
                    namespaceSelector: {matchLabels: {team: %s}}
                    podSelector: {matchLabels: {app: %s}}
                  destinations:
                    cidrs: [203.0.113.0/24]
                  egressIP: {pool: %s}
                  placement:
                    clusterSelector: {matchLabels: {lab: chaos}}
                    %s
                """.formatted(name, WRITE_ANNOTATION, writeId, name, name, POOL, placement);
    }
}

package io.egressfed.agent.apply;

import io.egressfed.agent.backend.Ownership;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Keeps the applied version in a ConfigMap of the agent's namespace (key {@value #VERSION_KEY}).
 * Writes are guarded by the ConfigMap's resourceVersion and re-read on a conflict, so two writers can
 * never lower the version.
 */
public final class ConfigMapAppliedVersionStore implements AppliedVersionStore {

    /** Default ConfigMap name. */
    public static final String DEFAULT_NAME = "egressfed-agent-state";
    /** Data key holding the version in decimal. */
    public static final String VERSION_KEY = "appliedVersion";

    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final Executor executor;

    /**
     * Creates a store.
     *
     * @param client    the cluster's client
     * @param namespace the agent's namespace
     * @param name      the ConfigMap name, e.g. {@link #DEFAULT_NAME}
     * @param executor  runs the blocking API calls
     */
    public ConfigMapAppliedVersionStore(KubernetesClient client, String namespace, String name, Executor executor) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Long> load() {
        return CompletableFuture.supplyAsync(() -> versionOf(read()), executor);
    }

    @Override
    public CompletableFuture<Void> save(long version) {
        return CompletableFuture.runAsync(() -> write(version), executor);
    }

    private void write(long version) {
        for (int attempt = 1; ; attempt++) {
            ConfigMap current = read();
            long stored = versionOf(current);
            if (version < stored) {
                throw new StaleVersionException(version, stored);
            }
            if (version == stored && current != null) {
                return;
            }
            try {
                if (current == null) {
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withNamespace(namespace)
                            .withLabels(Map.of(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE))
                            .endMetadata()
                            .withData(Map.of(VERSION_KEY, Long.toString(version)))
                            .build()).create();
                } else {
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder(current)
                            .addToData(VERSION_KEY, Long.toString(version))
                            .build()).update();
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private ConfigMap read() {
        return client.configMaps().inNamespace(namespace).withName(name).get();
    }

    private long versionOf(ConfigMap map) {
        if (map == null || map.getData() == null || map.getData().get(VERSION_KEY) == null) {
            return 0;
        }
        String text = map.getData().get(VERSION_KEY).trim();
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("ConfigMap " + namespace + "/" + name + " data." + VERSION_KEY
                    + " is not a version: \"" + text + "\"", e);
        }
    }
}

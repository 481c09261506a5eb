package io.egressfed.hub.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import io.egressfed.api.v1alpha1.ReplicatedLiveStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Pekko configuration of a hub replica from its {@link ClusterSettings}, so that nothing
 * depends on an {@code application.conf} on the classpath: only the libraries' {@code reference.conf}
 * files are fallbacks.
 */
public final class PekkoConfig {

    /** The member role carrying a replica's name: {@code egressfed-replica=<name>}. */
    public static final String REPLICA_ROLE_PREFIX = "egressfed-replica=";

    private static final String LIVE_STATUS_SERIALIZER = "egressfed-live-status";

    private PekkoConfig() {
    }

    /**
     * The complete configuration of one replica's actor system.
     *
     * @param settings how the replica joins the cluster
     * @return the configuration, with the libraries' reference configuration as fallback, resolved
     */
    public static Config build(ClusterSettings settings) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"));
        values.put("pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter");
        values.put("pekko.loglevel", "INFO");
        values.put("pekko.stdout-loglevel", "WARNING");
        values.put("pekko.log-dead-letters-during-shutdown", "off");
        values.put("pekko.actor.provider", "cluster");
        values.put(path("pekko", "actor", "serializers", LIVE_STATUS_SERIALIZER), LiveStatusSerializer.class.getName());
        values.put(path("pekko", "actor", "serialization-bindings", ReplicatedLiveStatus.class.getName()),
                LIVE_STATUS_SERIALIZER);
        values.put("pekko.remote.artery.transport", "tcp");
        values.put("pekko.remote.artery.canonical.hostname", settings.host());
        values.put("pekko.remote.artery.canonical.port", settings.port());
        values.put("pekko.cluster.roles", List.of(REPLICA_ROLE_PREFIX + settings.replicaName()));
        values.put("pekko.cluster.seed-nodes", settings.seedNodes().stream()
                .map(seed -> address(ClusterSettings.parseSeed(seed, "seedNodes"))).toList());
        values.put("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
        values.put("pekko.cluster.split-brain-resolver.active-strategy", "keep-majority");
        values.put("pekko.cluster.split-brain-resolver.stable-after", settings.stableAfter().toMillis() + "ms");
        values.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
        // The hub closes its listeners before it leaves the cluster; a JVM hook would race that order.
        values.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
        values.put("pekko.coordinated-shutdown.exit-jvm", "off");
        if (settings.discovery() == ClusterSettings.Discovery.KUBERNETES) {
            kubernetes(settings, values);
        }
        return ConfigFactory.parseMap(values, "egressfed hub replica " + settings.replicaName())
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    private static void kubernetes(ClusterSettings settings, Map<String, Object> values) {
        ClusterSettings.KubernetesDiscovery kubernetes = settings.kubernetes();
        values.put("pekko.management.http.hostname", settings.host());
        values.put("pekko.management.http.port", kubernetes.managementPort());
        values.put("pekko.management.http.bind-hostname", "0.0.0.0");
        values.put("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method", "kubernetes-api");
        values.put("pekko.management.cluster.bootstrap.contact-point-discovery.service-name", ClusterSettings.SYSTEM_NAME);
        values.put("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr",
                kubernetes.requiredContactPoints());
        values.put("pekko.discovery.kubernetes-api.pod-label-selector", kubernetes.podLabelSelector());
        values.put("pekko.discovery.kubernetes-api.pod-port-name", "management");
    }

    private static String path(String... segments) {
        return ConfigUtil.joinPath(segments);
    }

    private static String address(ClusterSettings.HostPort seed) {
        String host = seed.host().contains(":") ? "[" + seed.host() + "]" : seed.host();
        return "pekko://" + ClusterSettings.SYSTEM_NAME + "@" + host + ":" + seed.port();
    }
}

package io.egressfed.e2e.charts;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A mock API server (fabric8, CRUD mode) for the bundled Helm's {@code lookup} calls: this Helm build
 * resolves {@code lookup} against a cluster even in {@code helm template}, so the chart tests give it one,
 * through the kubeconfig file named by {@code KUBECONFIG} (set by the e2e pom for the test JVM).
 */
final class HelmApiServer implements AutoCloseable {

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    private HelmApiServer(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    /** Starts the server and points {@code KUBECONFIG} at it; skips the test when the variable is unset. */
    static HelmApiServer start() {
        String kubeconfig = System.getenv("KUBECONFIG");
        Assumptions.assumeTrue(kubeconfig != null && kubeconfig.endsWith("helm-lookup.kubeconfig"),
                "KUBECONFIG must name target/helm-lookup.kubeconfig (set by e2e/pom.xml for surefire); "
                        + "Helm's lookup needs an API server");
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), expectations, new KubernetesMixedDispatcher(expectations), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        // Helm discovers the resource behind a kind before it reads it; the CRUD mock has no discovery.
        APIResourceList core = new APIResourceListBuilder()
                .withGroupVersion("v1")
                .addToResources(new APIResourceBuilder().withName("secrets").withKind("Secret").withNamespaced(true)
                        .withVerbs("get", "list").build())
                .build();
        // Helm asks with a client timeout in the query, which the path match includes.
        for (String path : List.of("/api/v1", "/api/v1?timeout=32s")) {
            server.expect().get().withPath(path).andReturn(200, core).always();
        }
        try {
            Files.createDirectories(Path.of(kubeconfig).getParent());
            Files.writeString(Path.of(kubeconfig), """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: mock
                        cluster: {server: "%s"}
                    contexts:
                      - name: mock
                        context: {cluster: mock, user: mock}
                    current-context: mock
                    users:
                      - name: mock
                        user: {token: chart-tests}
                    """.formatted(server.url("/").replaceAll("/$", "")));
        } catch (IOException e) {
            server.destroy();
            throw new UncheckedIOException(e);
        }
        return new HelmApiServer(server);
    }

    /** A client of the mock, to create what {@code lookup} should find. */
    NamespacedKubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    /**
     * One server for a test class: {@code @RegisterExtension static final HelmApiServer.PerClass API = new
     * HelmApiServer.PerClass();} starts it before the class's tests (or skips them, see {@link #start()})
     * and stops it after.
     */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private HelmApiServer server;

        @Override
        public void beforeAll(ExtensionContext context) {
            server = start();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (server != null) {
                server.close();
                server = null;
            }
        }

        /** A client of the running server. */
        NamespacedKubernetesClient client() {
            return server.client();
        }
    }
}

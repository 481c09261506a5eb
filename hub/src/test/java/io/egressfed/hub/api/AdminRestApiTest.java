package io.egressfed.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.PlacementDecision;
import io.egressfed.api.v1alpha1.ErrorBody;
import io.egressfed.api.v1alpha1.EnrollmentTokenResponse;
import io.egressfed.api.v1alpha1.FieldViolation;
import io.egressfed.api.v1alpha1.Hello;
import io.egressfed.hub.state.ResourceKind;
import io.egressfed.hub.state.Resources;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.state.TestHub;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST face of the admin API: routes, status codes, the one error shape, access control, metrics. */
class AdminRestApiTest {

    private static final String POOL = """
            {"apiVersion": "egressfed.io/v1alpha1", "kind": "EgressIPPool",
             "metadata": {"name": "eu-public"}, "spec": {"cidrs": ["CIDR"]}}
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private AdminFixture fixture;
    private AdminHttpServer server;

    @BeforeEach
    void start() throws Exception {
        fixture = new AdminFixture();
        server = new AdminHttpServer(AdminHttpSettings.plaintext(new InetSocketAddress("127.0.0.1", 0)),
                fixture.operations, fixture.tokens, fixture.metrics);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        fixture.close();
    }

    @Test
    void withoutABearerTokenTheAnswerIs401WithTheErrorShape() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1alpha1/pools", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"egressfed\"");
        assertThat(error(response).getCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.body()).doesNotContain(fixture.admin.secret());
    }

    @Test
    void putCreatesThenReportsUnchangedThenConfigured() throws Exception {
        HttpResponse<String> created = put("/api/v1alpha1/pools/eu-public", POOL.replace("CIDR", "198.51.100.0/28"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Egressfed-Apply-Action")).hasValue("created");
        assertThat(created.body()).contains("\"size\": \"16\"", "\"resourceVersion\"");

        HttpResponse<String> again = put("/api/v1alpha1/pools/eu-public", POOL.replace("CIDR", "198.51.100.0/28"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Egressfed-Apply-Action")).hasValue("unchanged");

        HttpResponse<String> changed = put("/api/v1alpha1/pools/eu-public", POOL.replace("CIDR", "198.51.100.0/27"));
        assertThat(changed.headers().firstValue("Egressfed-Apply-Action")).hasValue("configured");
        assertThat(fixture.hub.get(ResourceKind.POOL, "eu-public").getSpec().getCidrs(0)).isEqualTo("198.51.100.0/27");
        assertThat(fixture.hub.auditRecords()).extracting(record -> record.getActor()).containsOnly("token:admin");
    }

    @Test
    void anInvalidObjectIs400WithEveryRefusedField() throws Exception {
        HttpResponse<String> response = put("/api/v1alpha1/pools/eu-public",
                POOL.replace("[\"CIDR\"]", "[\"198.51.100.0/33\", \"10.0.0.0/8\", \"2001:db8::/64\"]"));

        assertThat(response.statusCode()).isEqualTo(400);
        ErrorBody error = error(response);
        assertThat(error.getCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.getDetailsList()).extracting(FieldViolation::getField).contains("spec.cidrs[0]", "spec.cidrs[2]");
        assertThat(fixture.hub.everything().items()).noneMatch(kv -> kv.key().contains("/pools/"));
    }

    @Test
    void aStaleResourceVersionIs409AndAnExistingNameOnPostIs409() throws Exception {
        put("/api/v1alpha1/pools/eu-public", POOL.replace("CIDR", "198.51.100.0/28"));
        String stale = POOL.replace("CIDR", "198.51.100.0/27").replace("\"name\": \"eu-public\"",
                "\"name\": \"eu-public\", \"resourceVersion\": \"1\"");

        HttpResponse<String> conflict = put("/api/v1alpha1/pools/eu-public", stale);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(error(conflict).getCode()).isEqualTo("ABORTED");
        assertThat(error(conflict).getDetailsList()).extracting(FieldViolation::getField)
                .containsExactly("metadata.resourceVersion");

        HttpResponse<String> exists = send("POST", "/api/v1alpha1/pools", POOL.replace("CIDR", "198.51.100.0/28"),
                fixture.admin.secret());
        assertThat(exists.statusCode()).isEqualTo(409);
        assertThat(error(exists).getCode()).isEqualTo("ALREADY_EXISTS");
    }

    @Test
    void routesRefuseWhatTheyDoNotServe() throws Exception {
        String token = fixture.admin.secret();
        assertThat(send("GET", "/api/v1alpha1/pools/nope", null, token).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1alpha1/gateways", null, token).statusCode()).isEqualTo(404);
        assertThat(send("PATCH", "/api/v1alpha1/pools/x", "{}", token).statusCode()).isEqualTo(405);
        HttpResponse<String> unknownParam = send("GET", "/api/v1alpha1/pools?labelselector=a", null, token);
        assertThat(unknownParam.statusCode()).isEqualTo(400);
        assertThat(error(unknownParam).getDetails(0).getField()).isEqualTo("labelselector");
        HttpResponse<String> otherName = put("/api/v1alpha1/pools/other", POOL.replace("CIDR", "198.51.100.0/28"));
        assertThat(otherName.statusCode()).isEqualTo(400);
        assertThat(error(otherName).getDetails(0).getField()).isEqualTo("metadata.name");
        HttpResponse<String> huge = put("/api/v1alpha1/pools/eu-public", " ".repeat(5 * 1024 * 1024));
        assertThat(huge.statusCode()).isEqualTo(413);
        HttpResponse<String> badTime = send("GET", "/api/v1alpha1/whois?ip=198.51.100.1&at=yesterday", null, token);
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(error(badTime).getDetails(0).getField()).isEqualTo("at");
    }

    @Test
    void rolesLimitWhatATokenMayDo() throws Exception {
        HttpResponse<String> viewerWrite = send("PUT", "/api/v1alpha1/pools/eu-public",
                POOL.replace("CIDR", "198.51.100.0/28"), fixture.viewer.secret());
        assertThat(viewerWrite.statusCode()).isEqualTo(403);
        assertThat(error(viewerWrite).getCode()).isEqualTo("PERMISSION_DENIED");
        assertThat(send("GET", "/api/v1alpha1/pools", null, fixture.viewer.secret()).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/v1alpha1/pools/eu-public", POOL.replace("CIDR", "198.51.100.0/28"),
                fixture.operator.secret()).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1alpha1/intents/x:failover", "{\"toCluster\": \"b\"}",
                fixture.viewer.secret()).statusCode()).isEqualTo(403);
    }

    @Test
    void failoverPinsTheIntentToTheRequestedClusterAndAuditsWhoAsked() throws Exception {
        activePassiveIntentOnTwoClusters();
        TestHub.await(fixture.store.put(fixture.keys.placement("ledger"), PlacementDecision.newBuilder()
                .setIntent("ledger").addActiveClusters("eu-west-1").setEpoch(1).build().toByteArray()));

        HttpResponse<String> response = send("POST", "/api/v1alpha1/intents/ledger:failover",
                "{\"toCluster\": \"eu-central-1\"}", fixture.operator.secret());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        EgressIntent.Builder returned = EgressIntent.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(response.body(), returned);
        assertThat(returned.getMetadata().getName()).isEqualTo("ledger");
        PlacementDecision stored = placement("ledger");
        assertThat(stored.getPinnedCluster()).isEqualTo("eu-central-1");
        assertThat(stored.getActiveClustersList()).as("the coordinator moves it, not the API")
                .containsExactly("eu-west-1");
        assertThat(fixture.hub.auditRecords()).anySatisfy(record -> {
            assertThat(record.getAction()).isEqualTo(AuditAction.AUDIT_ACTION_FAILOVER);
            assertThat(record.getName()).isEqualTo("ledger");
            assertThat(record.getActor()).contains("ops");
            assertThat(record.getMessage()).contains("eu-central-1");
        });
    }

    @Test
    void failoverToTheActiveClusterChangesNothing() throws Exception {
        activePassiveIntentOnTwoClusters();
        TestHub.await(fixture.store.put(fixture.keys.placement("ledger"), PlacementDecision.newBuilder()
                .setIntent("ledger").addActiveClusters("eu-west-1").setEpoch(1).build().toByteArray()));
        long before = TestHub.await(fixture.store.get(fixture.keys.placement("ledger"))).orElseThrow().modRevision();

        HttpResponse<String> response = send("POST", "/api/v1alpha1/intents/ledger:failover",
                "{\"toCluster\": \"eu-west-1\"}", fixture.admin.secret());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(TestHub.await(fixture.store.get(fixture.keys.placement("ledger"))).orElseThrow().modRevision())
                .isEqualTo(before);
    }

    @Test
    void failoverRefusalsNameTheIntentModeOrTargetAndChangeNothing() throws Exception {
        activePassiveIntentOnTwoClusters();
        fixture.hub.create(ResourceKind.CLUSTER, Resources.cluster("us-east-1", Backend.BACKEND_KUBE_VIP,
                "region", "us"));
        fixture.hub.create(ResourceKind.INTENT, Resources.perCluster("payments", "eu-public",
                Resources.labels("region", "eu")));

        HttpResponse<String> unknown = send("POST", "/api/v1alpha1/intents/nope:failover",
                "{\"toCluster\": \"eu-west-1\"}", fixture.operator.secret());
        HttpResponse<String> perCluster = send("POST", "/api/v1alpha1/intents/payments:failover",
                "{\"toCluster\": \"eu-west-1\"}", fixture.operator.secret());
        HttpResponse<String> notCandidate = send("POST", "/api/v1alpha1/intents/ledger:failover",
                "{\"toCluster\": \"us-east-1\"}", fixture.operator.secret());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(perCluster.statusCode()).isEqualTo(400);
        assertThat(error(perCluster).getDetailsList()).extracting(FieldViolation::getField)
                .containsExactly("spec.placement.mode");
        assertThat(notCandidate.statusCode()).isEqualTo(400);
        assertThat(error(notCandidate).getDetailsList()).extracting(FieldViolation::getField)
                .containsExactly("toCluster");
        assertThat(error(notCandidate).getDetailsList().get(0).getReason()).contains("us-east-1");
        assertThat(TestHub.await(fixture.store.list(fixture.keys.placements())).items()).isEmpty();
    }

    private void activePassiveIntentOnTwoClusters() {
        fixture.hub.create(ResourceKind.POOL, Resources.pool("eu-public", "198.51.100.0/28"));
        fixture.hub.create(ResourceKind.CLUSTER, Resources.cluster("eu-west-1", Backend.BACKEND_KUBE_VIP,
                "region", "eu"));
        fixture.hub.create(ResourceKind.CLUSTER, Resources.cluster("eu-central-1", Backend.BACKEND_KUBE_VIP,
                "region", "eu"));
        EgressIntent.Builder intent = Resources.activePassive("ledger", "eu-public", Resources.labels("region", "eu"))
                .toBuilder();
        intent.getSpecBuilder().getPlacementBuilder().addPreference("eu-west-1").addPreference("eu-central-1");
        fixture.hub.create(ResourceKind.INTENT, intent.build());
    }

    private PlacementDecision placement(String intent) throws InvalidProtocolBufferException {
        return PlacementDecision.parseFrom(TestHub.await(fixture.store.get(fixture.keys.placement(intent)))
                .orElseThrow().value());
    }

    @Test
    void enrollingCreatesTheClusterAndReturnsTokenPinsAndInstallCommand() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1alpha1/clusters/eu-west-1:enroll",
                "{\"labels\": {\"region\": \"eu\"}, \"backend\": \"BACKEND_KUBE_VIP\", \"ttl\": \"600s\"}",
                fixture.admin.secret());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        EnrollmentTokenResponse.Builder enrolled = EnrollmentTokenResponse.newBuilder();
        JsonFormat.parser().merge(response.body(), enrolled);
        assertThat(enrolled.getToken()).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(enrolled.getCaSha256()).isEqualTo(AdminFixture.CA_SHA256);
        assertThat(enrolled.getInstallCommand()).isEqualTo("bin/egressfed-agent --hub hub.test:7443 --cluster eu-west-1"
                + " --bootstrap-token " + enrolled.getToken() + " --hub-ca-sha256 " + AdminFixture.CA_SHA256
                + " --hub-signing-key-sha256 " + AdminFixture.KEY_ID + " --state-dir /var/lib/egressfed-agent");
        assertThat(Instant.ofEpochSecond(enrolled.getExpiresAt().getSeconds()))
                .isBetween(Instant.now().plusSeconds(500), Instant.now().plusSeconds(700));
        assertThat(fixture.hub.get(ResourceKind.CLUSTER, "eu-west-1").getMetadata().getLabelsMap())
                .containsEntry("region", "eu");
        assertThat(fixture.hub.everything().items()).noneMatch(kv -> kv.valueUtf8().contains(enrolled.getToken()));

        HttpResponse<String> tooLong = send("POST", "/api/v1alpha1/clusters/eu-west-1:enroll", "{\"ttl\": \"172800s\"}",
                fixture.admin.secret());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(error(tooLong).getDetails(0).getField()).isEqualTo("ttl");
    }

    @Test
    void readsFillInPoolUsageAndTheAgentsLiveStatus() throws Exception {
        fixture.hub.create(ResourceKind.POOL, Resources.pool("eu-public", "198.51.100.0/28", "198.51.100.0/32"));
        fixture.hub.create(ResourceKind.CLUSTER, Resources.cluster("eu-west-1",
                io.egressfed.api.v1alpha1.Backend.BACKEND_KUBE_VIP));
        TestHub.await(fixture.store.put(fixture.keys.alloc("198.51.100.3"), Codec.of(Allocation.getDefaultInstance())
                .encode(Allocation.newBuilder().setIp("198.51.100.3").setPool("eu-public").setIntent("x").build())));
        fixture.liveStatus.agentConnected("eu-west-1", 1,
                Hello.newBuilder().setCluster("eu-west-1").setLastAppliedVersion(7).setAgentVersion("1.2.3").build(),
                Instant.now());

        String pool = send("GET", "/api/v1alpha1/pools/eu-public", null, fixture.viewer.secret()).body();
        String cluster = send("GET", "/api/v1alpha1/clusters", null, fixture.viewer.secret()).body();

        assertThat(pool).contains("\"size\": \"15\"", "\"allocated\": 1");
        assertThat(cluster).contains("\"connected\": true", "\"appliedVersion\": 7", "\"type\": \"Connected\"",
                "\"agentVersion\": \"1.2.3\"");
        assertThat(gauge("egressfed_pool_size", "eu-public")).isEqualTo(15.0);
        assertThat(gauge("egressfed_pool_allocated", "eu-public")).isEqualTo(1.0);
    }

    @Test
    void requestsAreCountedByRouteAndCode() throws Exception {
        send("GET", "/api/v1alpha1/pools", null, fixture.viewer.secret());
        send("GET", "/api/v1alpha1/pools", null, fixture.viewer.secret());
        send("GET", "/api/v1alpha1/intents/nope", null, fixture.viewer.secret());
        send("GET", "/api/v1alpha1/pools", null, null);

        assertThat(requests("GET /api/v1alpha1/pools", "200")).isEqualTo(2.0);
        assertThat(requests("GET /api/v1alpha1/intents/{name}", "404")).isEqualTo(1.0);
        assertThat(requests("GET /api/v1alpha1/pools", "401")).isEqualTo(1.0);
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return send("PUT", path, body, fixture.admin.secret());
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ErrorBody error(HttpResponse<String> response) throws InvalidProtocolBufferException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        ErrorBody.Builder body = ErrorBody.newBuilder();
        JsonFormat.parser().merge(response.body(), body);
        assertThat(body.getMessage()).isNotEmpty();
        return body.build();
    }

    private double gauge(String name, String pool) {
        for (MetricSnapshot snapshot : fixture.registry.scrape()) {
            if (snapshot instanceof GaugeSnapshot gauge && snapshot.getMetadata().getName().equals(name)) {
                return gauge.getDataPoints().stream().filter(point -> point.getLabels().equals(Labels.of("pool", pool)))
                        .findFirst().orElseThrow().getValue();
            }
        }
        throw new AssertionError("no gauge " + name);
    }

    private double requests(String route, String code) {
        for (MetricSnapshot snapshot : fixture.registry.scrape()) {
            if (snapshot instanceof CounterSnapshot counter
                    && snapshot.getMetadata().getName().equals("egressfed_admin_requests")) {
                return counter.getDataPoints().stream()
                        .filter(point -> point.getLabels().equals(Labels.of("api", "rest", "code", code, "route", route)))
                        .findFirst().map(CounterSnapshot.CounterDataPointSnapshot::getValue).orElse(0.0);
            }
        }
        throw new AssertionError("no counter egressfed_admin_requests");
    }
}

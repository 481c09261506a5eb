package io.egressfed.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.egressfed.api.v1alpha1.AdminTokenList;
import io.egressfed.api.v1alpha1.CreateAdminTokenResponse;
import io.egressfed.api.v1alpha1.ErrorBody;
import io.egressfed.hub.state.TestHub;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admin token management over REST: create once-shown tokens, list without secrets, revoke, admin only. */
class AdminTokenRoutesTest {

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
    void aCreatedTokenWorksWithItsRoleAndIsListedWithoutItsSecret() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1alpha1/tokens", "{\"name\": \"ci\", \"role\": \"viewer\"}",
                fixture.admin.secret());
        assertThat(created.statusCode()).isEqualTo(201);
        CreateAdminTokenResponse.Builder token = CreateAdminTokenResponse.newBuilder();
        JsonFormat.parser().merge(created.body(), token);
        assertThat(token.getToken()).startsWith("efa_");
        assertThat(token.getRole()).isEqualTo("viewer");

        assertThat(send("GET", "/api/v1alpha1/pools", null, token.getToken()).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/v1alpha1/pools/p", "{\"apiVersion\": \"egressfed.io/v1alpha1\", \"kind\": \"EgressIPPool\", \"spec\": {\"cidrs\": "
                + "[\"198.51.100.0/28\"]}}", token.getToken()).statusCode()).isEqualTo(403);

        HttpResponse<String> listed = send("GET", "/api/v1alpha1/tokens", null, fixture.admin.secret());
        assertThat(listed.statusCode()).isEqualTo(200);
        AdminTokenList.Builder list = AdminTokenList.newBuilder();
        JsonFormat.parser().merge(listed.body(), list);
        assertThat(list.getItemsList()).extracting(item -> item.getName() + "=" + item.getRole())
                .containsExactly("admin=admin", "auditor=viewer", "ci=viewer", "ops=operator");
        assertThat(listed.body()).doesNotContain(token.getToken(), "secret", "sha256");
    }

    @Test
    void aRevokedTokenIsRefusedFromThenOn() throws Exception {
        assertThat(send("GET", "/api/v1alpha1/pools", null, fixture.viewer.secret()).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = send("DELETE", "/api/v1alpha1/tokens/auditor", null, fixture.admin.secret());

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1alpha1/pools", null, fixture.viewer.secret()).statusCode()).isEqualTo(401);
        assertThat(error(send("DELETE", "/api/v1alpha1/tokens/auditor", null, fixture.admin.secret())).getCode())
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void theLastAdminTokenCannotBeRevoked() throws Exception {
        HttpResponse<String> refused = send("DELETE", "/api/v1alpha1/tokens/admin", null, fixture.admin.secret());

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(error(refused).getMessage()).contains("last admin token");
        assertThat(send("GET", "/api/v1alpha1/tokens", null, fixture.admin.secret()).statusCode()).isEqualTo(200);

        TestHub.await(fixture.tokens.create("second-admin", io.egressfed.hub.auth.Role.ADMIN));
        assertThat(send("DELETE", "/api/v1alpha1/tokens/admin", null, fixture.admin.secret()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void onlyAdminsManageTokens() throws Exception {
        for (String secret : new String[] {fixture.operator.secret(), fixture.viewer.secret()}) {
            assertThat(send("GET", "/api/v1alpha1/tokens", null, secret).statusCode()).isEqualTo(403);
            assertThat(send("POST", "/api/v1alpha1/tokens", "{\"name\": \"x\", \"role\": \"admin\"}", secret)
                    .statusCode()).isEqualTo(403);
            assertThat(send("DELETE", "/api/v1alpha1/tokens/ops", null, secret).statusCode()).isEqualTo(403);
        }
        assertThat(TestHub.await(fixture.tokens.list())).extracting(token -> token.getName())
                .containsExactly("admin", "auditor", "ops");
    }

    @Test
    void badRequestsNameTheFieldAndChangeNothing() throws Exception {
        ErrorBody badRole = error(send("POST", "/api/v1alpha1/tokens", "{\"name\": \"x\", \"role\": \"root\"}",
                fixture.admin.secret()));
        assertThat(badRole.getDetails(0).getField()).isEqualTo("role");
        assertThat(badRole.getDetails(0).getReason()).contains("admin, operator, viewer");

        ErrorBody badName = error(send("POST", "/api/v1alpha1/tokens", "{\"name\": \"Not_A_Label\", \"role\": \"viewer\"}",
                fixture.admin.secret()));
        assertThat(badName.getDetails(0).getField()).isEqualTo("name");

        HttpResponse<String> taken = send("POST", "/api/v1alpha1/tokens", "{\"name\": \"ops\", \"role\": \"viewer\"}",
                fixture.admin.secret());
        assertThat(taken.statusCode()).isEqualTo(409);

        assertThat(TestHub.await(fixture.tokens.list())).extracting(token -> token.getName() + "=" + token.getRole())
                .containsExactly("admin=admin", "auditor=viewer", "ops=operator");
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
        ErrorBody.Builder body = ErrorBody.newBuilder();
        JsonFormat.parser().merge(response.body(), body);
        return body.build();
    }
}

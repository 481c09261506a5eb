package io.egressfed.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.egressfed.api.manifest.Manifest;
import io.egressfed.api.manifest.ManifestCodec;
import io.egressfed.api.manifest.ManifestException;
import io.egressfed.api.v1alpha1.AdminTokenList;
import io.egressfed.api.v1alpha1.ApplyPlan;
import io.egressfed.api.v1alpha1.AuditRecordList;
import io.egressfed.api.v1alpha1.CreateAdminTokenRequest;
import io.egressfed.api.v1alpha1.CreateAdminTokenResponse;
import io.egressfed.api.v1alpha1.EnrollmentTokenRequest;
import io.egressfed.api.v1alpha1.EnrollmentTokenResponse;
import io.egressfed.api.v1alpha1.ErrorBody;
import io.egressfed.api.v1alpha1.FailoverRequest;
import io.egressfed.api.v1alpha1.HubStatus;
import io.egressfed.api.v1alpha1.WhoisResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The hub's admin REST API as egressctl uses it. Every method returns the decoded answer or throws
 * {@link ServerRefusal} (the hub said no) or {@link CliFailure} (no usable answer).
 */
final class AdminClient {

    static final String API = "/api/v1alpha1/";
    static final String APPLY_ACTION_HEADER = "Egressfed-Apply-Action";

    private static final JsonFormat.Printer JSON = JsonFormat.printer();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final HttpTransport transport;
    private final ManifestCodec codec;

    AdminClient(HttpTransport transport, ManifestCodec codec) {
        this.transport = transport;
        this.codec = codec;
    }

    /** What a PUT did and the object as stored. */
    record Applied(Message object, String action) {
    }

    List<Message> list(Kind kind, String labelSelector) {
        return objects(ok(transport.send("GET", kind.path() + query(Map.of("labelSelector", labelSelector)), null,
                null)).body());
    }

    Message get(Kind kind, String name) {
        return single(ok(transport.send("GET", kind.path() + "/" + encode(name), null, null)).body());
    }

    Applied apply(Message object, String name) {
        Kind kind = Kind.of(object).orElseThrow();
        HttpTransport.Response response = ok(transport.send("PUT", kind.path() + "/" + encode(name),
                codec.toJson(object), APPLY_ACTION_HEADER));
        return new Applied(single(response.body()), response.header().orElse(response.status() == 201
                ? "created" : "configured"));
    }

    Message delete(Kind kind, String name, String resourceVersion) {
        return single(ok(transport.send("DELETE", kind.path() + "/" + encode(name)
                + query(Map.of("resourceVersion", resourceVersion)), null, null)).body());
    }

    ApplyPlan plan(List<Message> objects) {
        return parse(ok(transport.send("POST", API + "plan", codec.toJson(objects), null)).body(), ApplyPlan.newBuilder());
    }

    EnrollmentTokenResponse enroll(EnrollmentTokenRequest request) {
        return parse(ok(transport.send("POST", Kind.CLUSTER.path() + "/" + encode(request.getCluster()) + ":enroll",
                print(request), null)).body(), EnrollmentTokenResponse.newBuilder());
    }

    Message failover(FailoverRequest request) {
        return single(ok(transport.send("POST", Kind.INTENT.path() + "/" + encode(request.getIntent()) + ":failover",
                print(request), null)).body());
    }

    WhoisResponse whois(String ip, Optional<Instant> at) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ip", ip);
        params.put("at", at.map(AdminClient::rfc3339).orElse(""));
        return parse(ok(transport.send("GET", API + "whois" + query(params), null, null)).body(),
                WhoisResponse.newBuilder());
    }

    AuditRecordList audit(String ip, String resource, Optional<Instant> since, int limit) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ip", ip);
        params.put("resource", resource);
        params.put("since", since.map(AdminClient::rfc3339).orElse(""));
        params.put("limit", limit == 0 ? "" : Integer.toString(limit));
        return parse(ok(transport.send("GET", API + "audit" + query(params), null, null)).body(),
                AuditRecordList.newBuilder());
    }

    CreateAdminTokenResponse createToken(String name, String role) {
        return parse(ok(transport.send("POST", API + "tokens", print(CreateAdminTokenRequest.newBuilder()
                .setName(name).setRole(role).build()), null)).body(), CreateAdminTokenResponse.newBuilder());
    }

    AdminTokenList listTokens() {
        return parse(ok(transport.send("GET", API + "tokens", null, null)).body(), AdminTokenList.newBuilder());
    }

    void revokeToken(String name) {
        ok(transport.send("DELETE", API + "tokens/" + encode(name), null, null));
    }

    HubStatus status() {
        return parse(ok(transport.send("GET", API + "status", null, null)).body(), HubStatus.newBuilder());
    }

    private static HttpTransport.Response ok(HttpTransport.Response response) {
        if (response.status() >= 200 && response.status() < 300) {
            return response;
        }
        ErrorBody.Builder body = ErrorBody.newBuilder();
        try {
            PARSER.merge(response.body(), body);
        } catch (InvalidProtocolBufferException | RuntimeException notAnErrorBody) {
            body.clear().setMessage(response.body().isBlank() ? "HTTP " + response.status() : response.body().strip());
        }
        throw new ServerRefusal(response.status(), body.build());
    }

    private List<Message> objects(String json) {
        try {
            return codec.decode(json, "hub response").stream().map(Manifest::object).toList();
        } catch (ManifestException unexpected) {
            throw new CliFailure("the hub answered with objects this egressctl cannot read (version mismatch?): "
                    + unexpected.getMessage());
        }
    }

    private Message single(String json) {
        List<Message> objects = objects(json);
        if (objects.size() != 1) {
            throw new CliFailure("the hub answered with " + objects.size() + " objects where one was expected");
        }
        return objects.get(0);
    }

    private static <T extends Message> T parse(String json, Message.Builder into) {
        try {
            PARSER.merge(json, into);
        } catch (InvalidProtocolBufferException unexpected) {
            throw new CliFailure("the hub answered with JSON this egressctl cannot read: " + unexpected.getMessage());
        }
        @SuppressWarnings("unchecked")
        T message = (T) into.build();
        return message;
    }

    private static String print(Message message) {
        try {
            return JSON.print(message);
        } catch (InvalidProtocolBufferException unprintable) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), unprintable);
        }
    }

    private static String rfc3339(Instant instant) {
        return Timestamps.toString(Timestamp.newBuilder().setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano()).build());
    }

    private static String query(Map<String, String> params) {
        String joined = params.entrySet().stream().filter(param -> !param.getValue().isEmpty())
                .map(param -> encode(param.getKey()) + "=" + encode(param.getValue()))
                .collect(Collectors.joining("&"));
        return joined.isEmpty() ? "" : "?" + joined;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

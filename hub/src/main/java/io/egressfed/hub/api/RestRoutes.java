package io.egressfed.hub.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.egressfed.api.manifest.Manifest;
import io.egressfed.api.manifest.ManifestCodec;
import io.egressfed.api.v1alpha1.AuditQuery;
import io.egressfed.api.v1alpha1.CreateAdminTokenRequest;
import io.egressfed.api.v1alpha1.EnrollmentTokenRequest;
import io.egressfed.api.v1alpha1.FailoverRequest;
import io.egressfed.api.v1alpha1.WhoisRequest;
import io.egressfed.hub.auth.Caller;
import io.egressfed.hub.state.ResourceKind;
import java.io.IOException;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The REST routes of the admin API, each a thin translation of HTTP to {@link AdminOperations}.
 *
 * <pre>
 * GET    /api/v1alpha1/{pools|clusters|intents}[?labelSelector=]   list
 * POST   /api/v1alpha1/{pools|clusters|intents}                    create
 * GET    /api/v1alpha1/{kind}/NAME                                 read
 * PUT    /api/v1alpha1/{kind}/NAME                                 apply (create or update; 201 when created)
 * DELETE /api/v1alpha1/{kind}/NAME[?resourceVersion=]              delete
 * POST   /api/v1alpha1/intents/NAME:failover   {"toCluster": ...}  fail over (pins the intent there)
 * POST   /api/v1alpha1/clusters/NAME:enroll    {"labels", "ttl", "backend"}
 * POST   /api/v1alpha1/plan                    manifest stream     dry run of a whole set
 * GET    /api/v1alpha1/whois?ip=&at=
 * GET    /api/v1alpha1/audit?ip=&resource=&since=&until=&limit=
 * GET    /api/v1alpha1/status
 * </pre>
 *
 * <p>Resources travel as the Kubernetes-style objects of {@link ManifestCodec} (JSON or YAML in, JSON
 * out; lists as {@code kind: List}); the other messages in the protobuf JSON mapping.
 */
final class RestRoutes {

    /** Response header naming what a PUT did: created, configured or unchanged. */
    static final String APPLY_ACTION_HEADER = "Egressfed-Apply-Action";

    private static final Map<String, ResourceKind<?>> KINDS = Map.of(
            "pools", ResourceKind.POOL, "clusters", ResourceKind.CLUSTER, "intents", ResourceKind.INTENT);
    private static final JsonFormat.Printer JSON = JsonFormat.printer();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private static final String TOKENS = "tokens";

    private final AdminOperations operations;
    private final TokenOperations tokens;
    private final ManifestCodec codec;

    RestRoutes(AdminOperations operations, TokenOperations tokens, ManifestCodec codec) {
        this.operations = Objects.requireNonNull(operations, "operations");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /**
     * The route template of a request, for metrics, e.g. {@code GET /api/v1alpha1/intents/{name}}.
     *
     * @return the template; {@code unmatched} for paths no route serves
     */
    static String template(String method, List<String> segments) {
        String path;
        if (segments.size() == 1) {
            path = segments.get(0);
        } else if (segments.size() == 2 && segments.get(0).equals(TOKENS)) {
            path = TOKENS + "/{name}";
        } else if (segments.size() == 2 && KINDS.containsKey(segments.get(0))) {
            int colon = segments.get(1).lastIndexOf(':');
            path = segments.get(0) + "/{name}" + (colon >= 0 ? segments.get(1).substring(colon) : "");
        } else {
            return "unmatched";
        }
        boolean known = KINDS.containsKey(segments.get(0))
                || List.of("plan", "whois", "audit", "status", TOKENS, TOKENS + "/{name}").contains(path);
        return known ? method + " " + RestRequest.PREFIX + path : "unmatched";
    }

    CompletableFuture<RestResponse> serve(Caller caller, RestRequest request) throws IOException {
        List<String> segments = request.segments();
        if (segments.get(0).equals(TOKENS)) {
            return tokenRoutes(caller, request, segments);
        }
        ResourceKind<?> kind = KINDS.get(segments.get(0));
        if (kind != null && segments.size() == 1) {
            return collection(caller, kind, request);
        }
        if (kind != null && segments.size() == 2 && !segments.get(1).isEmpty()) {
            return item(caller, kind, request, segments.get(1));
        }
        if (segments.size() == 1) {
            switch (segments.get(0)) {
                case "plan":
                    return post(request, () -> plan(caller, request));
                case "whois":
                    return get(request, () -> whois(caller, request));
                case "audit":
                    return get(request, () -> audit(caller, request));
                case "status":
                    request.allowParams();
                    return get(request, () -> operations.status(caller).thenApply(RestRoutes::json));
                default:
                    break;
            }
        }
        throw notFound(request);
    }

    private <T extends Message> CompletableFuture<RestResponse> collection(Caller caller, ResourceKind<T> kind,
                                                                          RestRequest request) throws IOException {
        switch (request.method()) {
            case "GET":
                request.allowParams("labelSelector");
                return operations.list(caller, kind, request.param("labelSelector"))
                        .thenApply(items -> RestResponse.ok(codec.toJson(items)));
            case "POST":
                request.allowParams();
                T object = object(kind, request, "");
                return operations.create(caller, kind, object)
                        .thenApply(created -> new RestResponse(201, codec.toJson(created), Map.of()));
            default:
                throw methodNotAllowed(request, "GET, POST");
        }
    }

    private <T extends Message> CompletableFuture<RestResponse> item(Caller caller, ResourceKind<T> kind,
                                                                    RestRequest request, String segment)
            throws IOException {
        int colon = segment.indexOf(':');
        if (colon >= 0) {
            return action(caller, kind, request, segment.substring(0, colon), segment.substring(colon + 1));
        }
        String name = segment;
        switch (request.method()) {
            case "GET":
                request.allowParams();
                return operations.get(caller, kind, name).thenApply(found -> RestResponse.ok(codec.toJson(found)));
            case "PUT":
                request.allowParams();
                T object = object(kind, request, name);
                return operations.apply(caller, kind, object).thenApply(applied -> new RestResponse(
                        applied.action() == ApplyAction.CREATED ? 201 : 200, codec.toJson(applied.object()),
                        Map.of(APPLY_ACTION_HEADER, applied.action().wireName())));
            case "DELETE":
                request.allowParams("resourceVersion");
                return operations.delete(caller, kind, name, request.param("resourceVersion"))
                        .thenApply(deleted -> RestResponse.ok(codec.toJson(deleted)));
            default:
                throw methodNotAllowed(request, "GET, PUT, DELETE");
        }
    }

    private CompletableFuture<RestResponse> action(Caller caller, ResourceKind<?> kind, RestRequest request,
                                                   String name, String action) throws IOException {
        if (kind == ResourceKind.INTENT && action.equals("failover")) {
            request.allowParams();
            if (!request.method().equals("POST")) {
                throw methodNotAllowed(request, "POST");
            }
            FailoverRequest.Builder failover = FailoverRequest.newBuilder();
            parseJson(request.body(), failover);
            if (!failover.getIntent().isEmpty() && !failover.getIntent().equals(name)) {
                throw ApiException.invalid("intent", "\"" + failover.getIntent() + "\" differs from the path's \""
                        + name + "\"");
            }
            return operations.failover(caller, failover.setIntent(name).build())
                    .thenApply(intent -> RestResponse.ok(codec.toJson(intent)));
        }
        if (kind == ResourceKind.CLUSTER && action.equals("enroll")) {
            request.allowParams();
            if (!request.method().equals("POST")) {
                throw methodNotAllowed(request, "POST");
            }
            EnrollmentTokenRequest.Builder enroll = EnrollmentTokenRequest.newBuilder();
            parseJson(request.body(), enroll);
            if (!enroll.getCluster().isEmpty() && !enroll.getCluster().equals(name)) {
                throw ApiException.invalid("cluster", "\"" + enroll.getCluster() + "\" differs from the path's \""
                        + name + "\"");
            }
            return operations.createEnrollmentToken(caller, enroll.setCluster(name).build())
                    .thenApply(RestRoutes::json);
        }
        throw notFound(request);
    }

    private CompletableFuture<RestResponse> tokenRoutes(Caller caller, RestRequest request, List<String> segments)
            throws IOException {
        request.allowParams();
        if (segments.size() == 1) {
            switch (request.method()) {
                case "GET":
                    return tokens.list(caller).thenApply(RestRoutes::json);
                case "POST":
                    CreateAdminTokenRequest.Builder create = CreateAdminTokenRequest.newBuilder();
                    parseJson(request.body(), create);
                    return tokens.create(caller, create.build())
                            .thenApply(created -> new RestResponse(201, json(created).json(), Map.of()));
                default:
                    throw methodNotAllowed(request, "GET, POST");
            }
        }
        if (segments.size() == 2 && !segments.get(1).isEmpty()) {
            if (!request.method().equals("DELETE")) {
                throw methodNotAllowed(request, "DELETE");
            }
            return tokens.revoke(caller, segments.get(1)).thenApply(RestRoutes::json);
        }
        throw notFound(request);
    }

    private CompletableFuture<RestResponse> plan(Caller caller, RestRequest request) throws IOException {
        request.allowParams();
        List<Message> objects = codec.decode(request.body(), "request body").stream().map(Manifest::object).toList();
        return operations.plan(caller, objects).thenApply(RestRoutes::json);
    }

    private CompletableFuture<RestResponse> whois(Caller caller, RestRequest request) {
        request.allowParams("ip", "at");
        WhoisRequest.Builder whois = WhoisRequest.newBuilder().setIp(request.param("ip"));
        if (!request.param("at").isEmpty()) {
            whois.setAt(timestamp("at", request.param("at")));
        }
        return operations.whois(caller, whois.build()).thenApply(RestRoutes::json);
    }

    private CompletableFuture<RestResponse> audit(Caller caller, RestRequest request) {
        request.allowParams("ip", "resource", "since", "until", "limit");
        AuditQuery.Builder query = AuditQuery.newBuilder()
                .setIp(request.param("ip"))
                .setResource(request.param("resource"));
        if (!request.param("since").isEmpty()) {
            query.setSince(timestamp("since", request.param("since")));
        }
        if (!request.param("until").isEmpty()) {
            query.setUntil(timestamp("until", request.param("until")));
        }
        if (!request.param("limit").isEmpty()) {
            try {
                query.setLimit(Integer.parseInt(request.param("limit")));
            } catch (NumberFormatException notANumber) {
                throw ApiException.invalid("limit", "\"" + request.param("limit") + "\" is not a whole number");
            }
        }
        return operations.listAudit(caller, query.build()).thenApply(RestRoutes::json);
    }

    /** The body as one object of the route's kind, named as in the path (a missing name is filled in). */
    private <T extends Message> T object(ResourceKind<T> kind, RestRequest request, String pathName)
            throws IOException {
        List<Manifest> manifests = codec.decode(request.body(), "request body");
        if (manifests.size() != 1) {
            throw ApiException.invalid("body", "must hold exactly one " + kind.kindName() + ", got "
                    + manifests.size() + " objects");
        }
        Manifest manifest = manifests.get(0);
        if (!manifest.kind().equals(kind.kindName())) {
            throw ApiException.invalid("kind", "this route takes " + kind.kindName() + ", got " + manifest.kind());
        }
        @SuppressWarnings("unchecked")
        T object = (T) manifest.object();
        if (pathName.isEmpty() || manifest.name().equals(pathName)) {
            return object;
        }
        if (!manifest.name().isEmpty()) {
            throw ApiException.invalid("metadata.name", "\"" + manifest.name() + "\" differs from the path's \""
                    + pathName + "\"");
        }
        Message.Builder named = object.toBuilder();
        Message.Builder meta = named.getFieldBuilder(object.getDescriptorForType().findFieldByName("metadata"));
        meta.setField(meta.getDescriptorForType().findFieldByName("name"), pathName);
        @SuppressWarnings("unchecked")
        T withName = (T) named.build();
        return withName;
    }

    private static void parseJson(String body, Message.Builder into) {
        if (body.isBlank()) {
            return;
        }
        try {
            PARSER.merge(body, into);
        } catch (InvalidProtocolBufferException invalid) {
            throw ApiException.invalid("body", "not a valid " + into.getDescriptorForType().getName() + ": "
                    + invalid.getMessage());
        }
    }

    private static Timestamp timestamp(String field, String text) {
        try {
            return Timestamps.parse(text);
        } catch (ParseException notRfc3339) {
            throw ApiException.invalid(field, "\"" + text + "\" is not an RFC 3339 time, e.g. 2026-01-02T15:04:05Z");
        }
    }

    static RestResponse json(Message message) {
        try {
            return RestResponse.ok(JSON.print(message) + "\n");
        } catch (InvalidProtocolBufferException unprintable) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), unprintable);
        }
    }

    private interface Route {
        CompletableFuture<RestResponse> serve() throws IOException;
    }

    private static CompletableFuture<RestResponse> get(RestRequest request, Route route) throws IOException {
        if (!request.method().equals("GET")) {
            throw methodNotAllowed(request, "GET");
        }
        return route.serve();
    }

    private static CompletableFuture<RestResponse> post(RestRequest request, Route route) throws IOException {
        if (!request.method().equals("POST")) {
            throw methodNotAllowed(request, "POST");
        }
        return route.serve();
    }

    private static ApiException notFound(RestRequest request) {
        return new ApiException(ErrorCode.NOT_FOUND, "no such route: " + request.method() + " "
                + RestRequest.PREFIX + String.join("/", request.segments()), List.of());
    }

    private static ApiException methodNotAllowed(RestRequest request, String allowed) {
        return new ApiException(ErrorCode.METHOD_NOT_ALLOWED, request.method() + " is not served here; allowed: "
                + allowed, List.of());
    }
}

package io.egressfed.hub.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One REST request, parsed: method, path segments below {@code /api/v1alpha1/}, query parameters and
 * the body (read on demand, bounded).
 */
final class RestRequest {

    static final String PREFIX = "/api/v1alpha1/";
    private static final int DRAIN_FACTOR = 4;

    private final HttpExchange exchange;
    private final List<String> segments;
    private final Map<String, String> query;
    private final int maxBodyBytes;

    private RestRequest(HttpExchange exchange, List<String> segments, Map<String, String> query, int maxBodyBytes) {
        this.exchange = exchange;
        this.segments = segments;
        this.query = query;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Parses the request line; fails with NOT_FOUND outside the API prefix. */
    static RestRequest of(HttpExchange exchange, int maxBodyBytes) {
        String path = exchange.getRequestURI().getRawPath();
        if (path == null || !path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no such route: " + path + "; the API is under " + PREFIX,
                    List.of());
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.substring(PREFIX.length()).split("/", -1)) {
            segments.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
        }
        return new RestRequest(exchange, List.copyOf(segments), query(exchange.getRequestURI().getRawQuery()),
                maxBodyBytes);
    }

    String method() {
        return exchange.getRequestMethod();
    }

    List<String> segments() {
        return segments;
    }

    /**
     * A query parameter.
     *
     * @return its value, or an empty string when absent
     */
    String param(String name) {
        return query.getOrDefault(name, "");
    }

    /** Refuses parameters the route does not know, so that a typo is not silently ignored. */
    void allowParams(String... names) {
        Set<String> allowed = Set.of(names);
        for (String name : query.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.invalid(name, "unknown query parameter"
                        + (names.length == 0 ? "; this route takes none" : "; known: " + String.join(", ", names)));
            }
        }
    }

    /** The body as UTF-8 text, refused beyond the size limit or when not UTF-8. */
    String body() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        try (InputStream in = exchange.getRequestBody()) {
            int read;
            // Beyond the limit the rest is read and dropped, so that the client, still sending, gets the 413
            // instead of a reset connection; past a hard cap the connection is given up.
            while ((read = in.read(buffer)) >= 0 && total <= DRAIN_FACTOR * (long) maxBodyBytes) {
                total += read;
                if (total <= maxBodyBytes) {
                    bytes.write(buffer, 0, read);
                }
            }
        }
        if (total > maxBodyBytes) {
            throw new ApiException(ErrorCode.TOO_LARGE, "the request body exceeds " + maxBodyBytes + " bytes",
                    List.of());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            throw ApiException.invalid("body", "is not UTF-8 text");
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (params.put(name, value) != null) {
                throw ApiException.invalid(name, "given more than once");
            }
        }
        return params;
    }
}

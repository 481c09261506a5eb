package io.egressfed.hub.api;

import java.util.Map;
import java.util.Objects;

/**
 * What a REST route answers.
 *
 * @param status the HTTP status
 * @param json the body, JSON
 * @param headers extra response headers
 */
record RestResponse(int status, String json, Map<String, String> headers) {

    RestResponse {
        Objects.requireNonNull(json, "json");
        headers = Map.copyOf(headers);
    }

    static RestResponse ok(String json) {
        return new RestResponse(200, json, Map.of());
    }
}

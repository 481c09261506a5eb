package io.egressfed.hub.api;

import com.google.protobuf.Timestamp;
import io.egressfed.api.v1alpha1.AuditQuery;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.api.v1alpha1.AuditRecordList;
import io.egressfed.api.v1alpha1.WhoisRequest;
import io.egressfed.api.v1alpha1.WhoisResponse;
import io.egressfed.hub.audit.AuditLog;
import io.egressfed.hub.audit.IpHolder;
import io.egressfed.hub.store.Keys;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** {@code whois} and the audit log, as the admin API answers them. */
final class AuditQueries {

    /** Records returned when the query sets no limit. */
    static final int DEFAULT_LIMIT = 500;
    /** The most records one query returns. */
    static final int MAX_LIMIT = 10_000;

    private final AuditLog audit;
    private final Clock clock;

    AuditQueries(AuditLog audit, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    CompletableFuture<WhoisResponse> whois(WhoisRequest request) {
        String ip = canonicalIp(request.getIp());
        Instant at = request.hasAt() ? instant(request.getAt()) : clock.instant();
        return audit.whois(ip, at).thenApply(holder -> holder.map(IpHolder::toResponse)
                .orElseGet(() -> WhoisResponse.newBuilder().setFound(false).setIp(ip).build()));
    }

    /**
     * The records matching the query, oldest first; when more match than the limit, the most recent ones.
     */
    CompletableFuture<AuditRecordList> list(AuditQuery query) {
        Instant since = query.hasSince() ? instant(query.getSince()) : Instant.EPOCH;
        Instant until = query.hasUntil() ? instant(query.getUntil()) : Instant.MAX;
        if (!since.isBefore(until)) {
            throw ApiException.invalid("since", "must be before until");
        }
        if (query.getLimit() < 0 || query.getLimit() > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT + " (0: " + DEFAULT_LIMIT + ")");
        }
        int limit = query.getLimit() == 0 ? DEFAULT_LIMIT : query.getLimit();
        CompletableFuture<List<AuditRecord>> records;
        if (!query.getIp().isEmpty()) {
            String ip = canonicalIp(query.getIp());
            records = audit.byIp(ip, since, until);
            if (!query.getResource().isEmpty()) {
                Resource resource = resource(query.getResource());
                records = records.thenApply(found -> found.stream()
                        .filter(r -> r.getKind().equals(resource.kind()) && r.getName().equals(resource.name()))
                        .toList());
            }
        } else if (!query.getResource().isEmpty()) {
            Resource resource = resource(query.getResource());
            records = audit.byResource(resource.kind(), resource.name(), since, until);
        } else {
            records = audit.between(since, until);
        }
        return records.thenApply(found -> AuditRecordList.newBuilder()
                .addAllItems(found.subList(Math.max(0, found.size() - limit), found.size()))
                .build());
    }

    private record Resource(String kind, String name) {
    }

    private static Resource resource(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw ApiException.invalid("resource", "must be KIND/NAME, e.g. EgressIntent/payments-bank-api, got \""
                    + text + "\"");
        }
        return new Resource(text.substring(0, slash), text.substring(slash + 1));
    }

    private static String canonicalIp(String ip) {
        if (ip.isEmpty()) {
            throw ApiException.invalid("ip", "required");
        }
        try {
            return Keys.canonicalIp(ip);
        } catch (IllegalArgumentException notAnAddress) {
            throw ApiException.invalid("ip", "\"" + ip + "\" is not an IPv4 or IPv6 address");
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}

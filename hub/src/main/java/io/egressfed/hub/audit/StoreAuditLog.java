package io.egressfed.hub.audit;

import io.egressfed.api.v1alpha1.AuditAction;
import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.hub.store.Codec;
import io.egressfed.hub.store.KeyValue;
import io.egressfed.hub.store.Keys;
import io.egressfed.hub.store.Listing;
import io.egressfed.hub.store.Op;
import io.egressfed.hub.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link AuditLog} on a {@link Store}. Thread-safe. Several instances (one per hub replica) may
 * append to one store at once: ids never collide (each log has its own random instance id) and no
 * key is shared between writers.
 */
public final class StoreAuditLog implements AuditLog {

    private static final Codec<AuditRecord> CODEC = Codec.of(AuditRecord.getDefaultInstance());

    private final Store store;
    private final Keys keys;
    private final Clock clock;
    /** Tells this log's ids from those of other logs (other replicas) appending at the same microsecond. */
    private final long instance;
    /** Orders this log's records within one microsecond, e.g. the records of one transaction. */
    private final AtomicLong appended = new AtomicLong();

    /** One decoded record with what orders it. */
    private record Entry(long seq, String id, AuditRecord record) {
    }

    /**
     * Creates the log.
     *
     * @param store where records are read from (writes go through the caller's transactions)
     * @param keys the key layout
     * @param clock stamps records; inject a fixed or controllable clock in tests
     */
    public StoreAuditLog(Store store, Keys keys, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.instance = new SecureRandom().nextLong();
    }

    @Override
    public List<Op> append(AuditRecord record) {
        requireText(record.getActor(), "actor");
        requireText(record.getKind(), "kind");
        requireText(record.getName(), "name");
        if (record.getAction() == AuditAction.AUDIT_ACTION_UNSPECIFIED || record.getAction() == AuditAction.UNRECOGNIZED) {
            throw new IllegalArgumentException("audit record action: required");
        }
        long micros = AuditIds.micros(clock.instant());
        String id = AuditIds.format(micros, appended.incrementAndGet(), instance);
        AuditRecord stamped = record.toBuilder().clearSeq().setTime(AuditIds.timestamp(micros)).build();
        List<Op> ops = new ArrayList<>(MAX_OPS_PER_RECORD);
        ops.add(CODEC.put(keys.auditRecord(id), stamped));
        ops.add(CODEC.put(keys.auditByResource(record.getKind(), record.getName()) + id, stamped));
        if (!record.getIp().isEmpty()) {
            ops.add(CODEC.put(keys.auditByIp(record.getIp()) + id, stamped));
        }
        return List.copyOf(ops);
    }

    @Override
    public CompletableFuture<List<AuditRecord>> between(Instant since, Instant until) {
        return query(keys.audits(), since, until);
    }

    @Override
    public CompletableFuture<List<AuditRecord>> byIp(String ip, Instant since, Instant until) {
        return query(keys.auditByIp(ip), since, until);
    }

    @Override
    public CompletableFuture<List<AuditRecord>> byResource(String kind, String name, Instant since, Instant until) {
        return query(keys.auditByResource(kind, name), since, until);
    }

    @Override
    public CompletableFuture<Optional<IpHolder>> whois(String ip, Instant at) {
        String canonical = Keys.canonicalIp(ip);
        Objects.requireNonNull(at, "at");
        // Records carry microseconds; every record stamped at or before `at` is before at + 1 ns.
        return query(keys.auditByIp(canonical), Instant.EPOCH, at.plusNanos(1))
                .thenApply(records -> holderAfter(canonical, records));
    }

    private CompletableFuture<List<AuditRecord>> query(String prefix, Instant since, Instant until) {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (!until.isAfter(since)) {
            return CompletableFuture.completedFuture(List.of());
        }
        return store.list(prefix + AuditIds.commonPrefix(since, until))
                .thenApply(listing -> inRange(decode(prefix, listing), since, until));
    }

    private static List<Entry> decode(String prefix, Listing listing) {
        List<Entry> entries = new ArrayList<>(listing.items().size());
        for (KeyValue kv : listing.items()) {
            AuditRecord record = CODEC.decode(kv.key(), kv.value()).toBuilder().setSeq(kv.createRevision()).build();
            entries.add(new Entry(kv.createRevision(), kv.key().substring(prefix.length()), record));
        }
        return entries;
    }

    private static List<AuditRecord> inRange(List<Entry> entries, Instant since, Instant until) {
        return entries.stream()
                .filter(entry -> {
                    Instant time = AuditIds.instant(entry.record().getTime());
                    return !time.isBefore(since) && time.isBefore(until);
                })
                .sorted(Comparator.comparingLong(Entry::seq).thenComparing(Entry::id))
                .map(Entry::record)
                .toList();
    }

    /** Replays the address's history in commit order. */
    private static Optional<IpHolder> holderAfter(String ip, List<AuditRecord> history) {
        IpHolder holder = null;
        for (AuditRecord record : history) {
            Instant time = AuditIds.instant(record.getTime());
            switch (record.getAction()) {
                case AUDIT_ACTION_ALLOCATE -> holder = new IpHolder(ip, record.getPool(), record.getName(),
                        record.getCluster(), record.getGatewayNode(), time, List.of(record));
                case AUDIT_ACTION_RELEASE -> {
                    if (holder != null && holder.intent().equals(record.getName())) {
                        holder = null;
                    }
                }
                case AUDIT_ACTION_FAILOVER -> {
                    if (holder != null && holder.intent().equals(record.getName())) {
                        List<AuditRecord> evidence = new ArrayList<>(holder.evidence());
                        evidence.add(record);
                        holder = new IpHolder(ip, holder.pool(), holder.intent(), record.getCluster(),
                                record.getGatewayNode(), time, evidence);
                    }
                }
                default -> {
                    // Other actions do not change who holds the address.
                }
            }
        }
        return Optional.ofNullable(holder);
    }

    private static void requireText(String value, String field) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("audit record " + field + ": required");
        }
    }
}

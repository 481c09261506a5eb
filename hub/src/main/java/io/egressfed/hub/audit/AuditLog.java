package io.egressfed.hub.audit;

import io.egressfed.api.v1alpha1.AuditRecord;
import io.egressfed.hub.store.Op;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The append-only audit log (see the package documentation for the key layout).
 *
 * <p>Queries return records in commit order (by {@code seq}, then id), each with {@code seq} filled
 * in; a time range includes {@code since} and excludes {@code until}. Futures fail with
 * {@link io.egressfed.hub.store.StoreException} when the store cannot answer.
 */
public interface AuditLog {

    /** The most operations {@link #append} returns for one record: the record and two index entries. */
    int MAX_OPS_PER_RECORD = 3;

    /**
     * Builds the writes that append a record; nothing is written here. Put them in the same
     * transaction as the change the record describes.
     *
     * @param record what happened; {@code actor}, {@code action}, {@code kind} and {@code name} are
     *     required; {@code time} is stamped from the log's clock and {@code seq} is cleared
     * @return the put of the record, of its resource index entry and, when it names an IP, of its IP
     *     index entry
     * @throws IllegalArgumentException when a required field is missing or {@code ip} is not an address
     */
    List<Op> append(AuditRecord record);

    /**
     * Reads every record in a time range.
     *
     * @param since first instant included
     * @param until first instant excluded
     * @return the records in commit order
     */
    CompletableFuture<List<AuditRecord>> between(Instant since, Instant until);

    /**
     * Reads the records that name an IP address (allocations, releases, failovers).
     *
     * @param ip the address, in any spelling
     * @param since first instant included
     * @param until first instant excluded
     * @return the records in commit order
     * @throws IllegalArgumentException when {@code ip} is not an address literal
     */
    CompletableFuture<List<AuditRecord>> byIp(String ip, Instant since, Instant until);

    /**
     * Reads the records about one resource, e.g. {@code ("EgressIntent", "payments-bank-api")}.
     *
     * @param kind the resource kind
     * @param name the resource name
     * @param since first instant included
     * @param until first instant excluded
     * @return the records in commit order
     */
    CompletableFuture<List<AuditRecord>> byResource(String kind, String name, Instant since, Instant until);

    /**
     * Tells who held an IP address at an instant: the state left by every allocation, release and
     * failover record of that address stamped at or before {@code at}.
     *
     * @param ip the address, in any spelling
     * @param at the instant asked about
     * @return the holder, or empty when the address was not allocated at that instant
     * @throws IllegalArgumentException when {@code ip} is not an address literal
     */
    CompletableFuture<Optional<IpHolder>> whois(String ip, Instant at);
}

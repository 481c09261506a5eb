/**
 * The audit log: an append-only record of every change and decision (create, update, delete,
 * allocation, release, failover), queried by time, by resource and by IP address, and the
 * {@code whois IP --at T} answer built from it.
 *
 * <h2>Storage</h2>
 * <ul>
 *   <li>{@code audit/<id>}: the record. The id is
 *       {@code <epoch micros, 20 digits>-<counter, 16 hex>-<log instance, 16 hex>}: key order is time
 *       order, records one {@link io.egressfed.hub.audit.AuditLog} appends in the same microsecond
 *       (those of one transaction) keep their order, and writers on different replicas never share
 *       a key or contend on a common counter. The record's time is exactly the clock's.
 *   <li>{@code audit-ip/<ip>/<id>} and {@code audit-resource/<kind>/<name>/<id>}: secondary indexes,
 *       each value a copy of the record, written in the same transaction as the record.
 *   <li>{@code seq} is not stored: readers fill it with the key's create revision, the true commit
 *       order across replicas. Records of one transaction share it and are then ordered by id.
 * </ul>
 *
 * <p>The log never writes on its own: {@link io.egressfed.hub.audit.AuditLog#append} returns the
 * operations, and the caller puts them in the transaction that makes the change, so a change and its
 * record are committed together or not at all.
 *
 * <p>The {@link io.egressfed.hub.store.Store} reads whole prefixes only (no key ranges), so a time
 * range is narrowed to the longest key prefix the two bounds share and the rest is filtered on read.
 */
package io.egressfed.hub.audit;

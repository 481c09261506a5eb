/**
 * What users write, as stored: {@link io.egressfed.hub.state.ResourceService} (create, read, update and
 * delete of pools, member clusters and intents, Kubernetes-style, plus cluster inventories) and the
 * pieces the allocator shares with it ({@link io.egressfed.hub.state.Snapshot},
 * {@link io.egressfed.hub.state.SnapshotReader}, {@link io.egressfed.hub.state.AllocationChanges}).
 *
 * <h2>One write, one transaction</h2>
 * Every write reads a snapshot, validates against it ({@link io.egressfed.hub.validate.Validator}),
 * and commits ONE transaction holding the object, its audit record and whatever goes with it (an
 * intent's released addresses, a cluster's inventory). Invalid input throws before anything is
 * written; a refused transaction writes nothing.
 *
 * <h2>Concurrency across hub replicas</h2>
 * <ul>
 *   <li>Each object: compare on its mod revision (the caller's resourceVersion when given: a stale
 *       one is a {@link io.egressfed.hub.state.ConflictException}; otherwise the revision read).
 *   <li>Rules between objects (pool overlaps, references, preferences, backends): every resource
 *       write puts and compares one guard key ({@link io.egressfed.hub.store.Keys#resourceGuard()}).
 *       Resource writes are rare and this serializes them, so each one is validated against exactly
 *       the state it commits on. Finer guards (per pool, per cluster) would let more writes run in
 *       parallel, but every cross-object rule would need its own guard, and a forgotten one is a
 *       silent hole.
 *   <li>Pools against allocations: every allocation and release puts the pool's guard
 *       ({@link io.egressfed.hub.store.Keys#poolAllocations(String)}), every pool update and deletion
 *       compares it, so a shrink can never strand an address allocated after it was validated.
 *       Allocations do not touch the resource guard: they never contend with admin writes.
 *   <li>A transaction beaten by another writer is re-read, re-validated and retried (bounded); the
 *       re-read is the back-off.
 * </ul>
 *
 * <h2>API style</h2>
 * Asynchronous like {@link io.egressfed.hub.store.Store}: every I/O method returns a
 * {@link java.util.concurrent.CompletableFuture} that carries the outcome, including refusals
 * (validation, not found, conflict); only programming errors (null arguments, an empty actor) throw at
 * once. Results are immutable: protobuf messages, records and unmodifiable collections.
 */
package io.egressfed.hub.state;

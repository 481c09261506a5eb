/**
 * From desired state to signed, versioned per-cluster configs in etcd (hub side of the signed
 * config pipeline).
 *
 * <p>Data flow: the coordinator reads intents, pools, clusters, allocations, placement decisions
 * and inventories into a {@link io.egressfed.hub.compile.CompileInput}; the pure
 * {@link io.egressfed.hub.compile.ConfigCompiler} turns it into one content-only
 * {@link io.egressfed.api.v1alpha1.ClusterConfig} per member cluster (plus
 * {@link io.egressfed.hub.compile.CompileWarning}s); a {@link io.egressfed.hub.compile.ConfigPublisher}
 * compares each config's {@link io.egressfed.hub.compile.ConfigBytes#canonicalBytes canonical content}
 * with the verified stored one and, where it differs, stamps the next version and validity window,
 * signs it with the key from {@link io.egressfed.hub.compile.SigningKeys} and writes
 * {@code configs/<cluster>} in one fenced compare-and-set transaction. Every hub replica watches
 * {@code configs/} and pushes what it finds to the agents it holds. Deleting a cluster's config
 * leaves its last version in {@code config-floors/<cluster>}, so versions of a cluster name never go
 * backwards across delete and re-create.
 */
package io.egressfed.hub.compile;

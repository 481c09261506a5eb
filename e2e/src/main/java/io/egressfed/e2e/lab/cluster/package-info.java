/**
 * Simulated Kubernetes clusters: the fabric8 mock API server in CRUD mode on loopback, seeded with the
 * Cilium CRDs, Ready nodes and their CiliumNodes (gateway nodes list their egress addresses in
 * {@code egressfed.io/egress-ips}), and namespaces with running pods; plus simulated node failures.
 * Nothing here runs a controller: what a real cluster's controllers would do is simulated elsewhere
 * and named so.
 */
package io.egressfed.e2e.lab.cluster;

/**
 * The demo: hub (real etcd when installed), one lab spoke per example MemberCluster, the examples
 * applied, convergence awaited (allocations, agent ACKs, the dataplane), the result printed, one
 * gateway node failed and the re-point time measured, and a JSON summary.
 */
package io.egressfed.e2e.lab.demo;

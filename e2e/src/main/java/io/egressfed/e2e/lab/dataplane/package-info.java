/**
 * Which cluster holds which egress IP, when: derived from the backend objects the way Cilium and
 * kube-vip act on them, recorded as intervals per (cluster, IP) on one monotonic clock. Failover
 * timings and the "never two holders" invariant are read from it.
 */
package io.egressfed.e2e.lab.dataplane;

/**
 * The lab's command line, {@code bin/egressfed-lab}: {@code demo} (the guided tour behind
 * {@code make demo}) and {@code cluster} (one simulated cluster with its agent, as its own process).
 *
 * <p>Subpackages, in the order data flows through a lab run: {@code examples} (manifests and the cluster
 * contents they imply), {@code cluster} (simulated API servers, nodes and node failures), {@code kubevip}
 * (the kube-vip simulator), {@code spoke} (a simulated cluster with a real agent), {@code dataplane}
 * (which cluster holds which egress IP when, derived from the backend objects) and {@code demo}.
 */
package io.egressfed.e2e.lab;

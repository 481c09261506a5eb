/**
 * A kube-vip simulator: per-Service election of a Ready node and the annotations and status kube-vip
 * writes back ({@code kube-vip.io/vipHost}, {@code kube-vip.io/active-endpoint},
 * {@code status.loadBalancer.ingress}). It announces nothing on any network.
 */
package io.egressfed.e2e.lab.kubevip;

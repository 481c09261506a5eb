/**
 * The apply loop: from a verified {@link io.egressfed.api.v1alpha1.ClusterConfig} to the objects in the
 * cluster, and the state the health report is built from.
 *
 * <p>Data flow: the hub link calls {@link io.egressfed.agent.apply.ConfigApplier#apply}. The config is
 * checked (version never below the last applied one, persisted by an
 * {@link io.egressfed.agent.apply.AppliedVersionStore}; field-level checks by {@code ConfigCheck}; the
 * backend's CRDs present), the backend admits what it can express, then one pass plans every
 * assignment and {@code ObjectSync} makes the owned objects equal to the plans. The outcome is an
 * {@link io.egressfed.agent.apply.ApplyOutcome}: applied once everything is written and the version
 * persisted, failed with reasons by intent otherwise.
 *
 * <p>The same pass runs on every informer event (Nodes, CiliumNodes, owned policies and Services),
 * coalesced on one reconcile thread: a failed gateway is replaced, a moved kube-vip VIP is followed, an
 * edited or deleted object is restored (and counted as drift when the agent had already written that
 * content). Nothing polls. An ACTIVE ActivePassive assignment is written fenced while the
 * {@link io.egressfed.agent.lease.Leases} hold no live lease for its epoch (a lease starting or lapsing
 * requests a pass); {@link io.egressfed.agent.apply.Fencer} fences such assignments on request as well.
 *
 * <p>Decisions:
 * <ul>
 *   <li>Objects are created, updated with their resourceVersion (a conflict re-reads and retries), and
 *       deleted; never server-side applied. Only the fields the agent manages are compared and written,
 *       so kube-vip's annotations and server-allocated fields survive an update.</li>
 *   <li>{@code egressfed.io/config-version} records the version that last changed an object: a new
 *       version rewrites only objects whose content changed.</li>
 *   <li>Assignments a backend cannot express get no objects and are reported by intent; the rest of the
 *       config is applied, and the version is not persisted (NACK).</li>
 *   <li>A config that fails the agent's own checks changes nothing at all.</li>
 *   <li>A restarted agent fences every owned ActivePassive object ({@code egressfed.io/mode} label) before
 *       anything else ({@code StartFence}): it holds no lease yet and the hub may stay unreachable. Every
 *       other owned object stays as it is until a config arrives, so a restart never drops PerCluster
 *       egress; the hub link must hand the current config again (a version equal to the last applied one
 *       is accepted). {@code AgentApplier} says so through
 *       {@link io.egressfed.agent.apply.ConfigApplier#needsCurrentConfigAfterStart()}, and the link asks
 *       the hub to resend it.</li>
 *   <li>The applied version lives in a ConfigMap ({@code ConfigMapAppliedVersionStore}) or, without
 *       Kubernetes, a file ({@code FileAppliedVersionStore}); neither ever goes down.</li>
 * </ul>
 */
package io.egressfed.agent.apply;

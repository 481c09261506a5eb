/**
 * Validation of every resource before anything is written: {@link io.egressfed.hub.validate.Validator}
 * checks a candidate against a {@link io.egressfed.hub.validate.World} snapshot and throws a
 * {@link io.egressfed.hub.validate.ValidationException} listing every error with its field path.
 * It is pure: invalid input changes nothing because nothing is changed here at all.
 *
 * <h2>What is checked where</h2>
 * <ul>
 *   <li><b>Here, statically, on every write</b>: syntax (names, labels, selectors, CIDRs, addresses,
 *       ports, interface names), address families, overlaps between pools, pinned addresses against
 *       their pool, stored allocations and other pins, object size (256 KiB of protobuf binary),
 *       placement references and ActivePassive routability, and what each backend cannot express
 *       from the manifest alone (kube-vip: non-empty, matchLabels-only pod selector; cilium and
 *       cilium-vip: no destination ports). Rules that relate two objects are checked whichever of
 *       the two is written.
 *   <li><b>At allocation (IPAM)</b>: an exhausted pool, and which addresses gateway nodes actually
 *       carry.
 *   <li><b>In the cluster (agent, reported in status)</b>: whether a kube-vip selector matches exactly
 *       one running pod, whether gateway nodes exist and are ready.
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>Fields meaningless in the chosen placement mode are refused, not ignored: {@code preference}
 *       and {@code failback} with PerCluster, and a pinned {@code address} with PerCluster (one
 *       address cannot serve several clusters at once).
 *   <li>Routability is required of ActivePassive intents only: their one address moves through every
 *       candidate cluster. A PerCluster intent simply gets no address where its pool is not routable.
 *   <li>{@code spec.workloads} must be present ({} selects every pod): an absent field is more likely
 *       a mistake than a wish to route the whole cluster through one address.
 *   <li>Defaults are not applied here; see {@link io.egressfed.hub.validate.Defaults}.
 * </ul>
 */
package io.egressfed.hub.validate;

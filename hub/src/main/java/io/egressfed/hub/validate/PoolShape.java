package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.hub.net.AddressFormatException;
import io.egressfed.hub.net.Cidr;
import io.egressfed.hub.net.IpAddress;
import io.egressfed.hub.net.IpFamily;
import io.egressfed.hub.net.IpSet;
import io.egressfed.hub.net.Selector;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * A pool parsed into addresses: what the other rules need to know about a pool (family, allocatable
 * addresses, where it is routable).
 */
record PoolShape(
        String name, IpFamily family, List<Cidr> cidrs, List<Cidr> exclude, IpSet allocatable, Selector clusterSelector) {

    /** Parses a pool; empty when any part of it is invalid (the pool rules say why). */
    static Optional<PoolShape> of(EgressIPPool pool) {
        try {
            List<Cidr> cidrs = pool.getSpec().getCidrsList().stream().map(Cidr::parse).toList();
            List<Cidr> exclude = pool.getSpec().getExcludeList().stream().map(Cidr::parseAddressOrCidr).toList();
            if (cidrs.isEmpty()) {
                return Optional.empty();
            }
            IpFamily family = cidrs.get(0).family();
            if (cidrs.stream().anyMatch(c -> c.family() != family) || exclude.stream().anyMatch(c -> c.family() != family)) {
                return Optional.empty();
            }
            Optional<Selector> selector = SelectorRules.lenient(pool.getSpec().getClusterSelector());
            if (selector.isEmpty()) {
                return Optional.empty();
            }
            IpSet allocatable = IpSet.ofCidrs(cidrs).minus(IpSet.ofCidrs(exclude));
            return Optional.of(new PoolShape(pool.getMetadata().getName(), family, cidrs, exclude, allocatable, selector.get()));
        } catch (AddressFormatException invalid) {
            return Optional.empty();
        }
    }

    boolean isRoutableIn(MemberCluster cluster) {
        return clusterSelector.matches(cluster.getMetadata().getLabelsMap());
    }

    boolean withinCidrs(IpAddress address) {
        return cidrs.stream().anyMatch(c -> c.contains(address));
    }

    /** Returns the index of the first exclude entry holding the address. */
    OptionalInt excludeIndexOf(IpAddress address) {
        return IntStream.range(0, exclude.size()).filter(i -> exclude.get(i).contains(address)).findFirst();
    }

    /** Describes the pool for messages, e.g. pool "eu-public" (198.51.100.0/27). */
    String describe() {
        return "pool \"" + name + "\" (" + String.join(", ", cidrs.stream().map(Cidr::toString).toList()) + ")";
    }
}

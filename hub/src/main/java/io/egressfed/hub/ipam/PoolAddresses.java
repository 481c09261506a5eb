package io.egressfed.hub.ipam;

import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.hub.net.Cidr;
import io.egressfed.hub.net.IpAddress;
import io.egressfed.hub.net.IpSet;
import io.egressfed.hub.net.Selector;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A stored pool as IPAM needs it: the addresses it may hand out and where they are routable.
 *
 * @param name the pool's name
 * @param allocatable cidrs minus exclude
 * @param clusterSelector where the addresses are routable
 */
record PoolAddresses(String name, IpSet allocatable, Selector clusterSelector) {

    /** Parses a stored pool; empty when it does not parse (validation on write prevents that). */
    static Optional<PoolAddresses> of(EgressIPPool pool) {
        try {
            List<Cidr> cidrs = pool.getSpec().getCidrsList().stream().map(Cidr::parse).toList();
            List<Cidr> exclude = pool.getSpec().getExcludeList().stream().map(Cidr::parseAddressOrCidr).toList();
            IpSet allocatable = IpSet.ofCidrs(cidrs).minus(IpSet.ofCidrs(exclude));
            Selector selector = Selector.fromProto(pool.getSpec().getClusterSelector());
            return Optional.of(new PoolAddresses(pool.getMetadata().getName(), allocatable, selector));
        } catch (IllegalArgumentException unparsable) {
            return Optional.empty();
        }
    }

    boolean isRoutableIn(MemberCluster cluster) {
        return clusterSelector.matches(cluster.getMetadata().getLabelsMap());
    }

    /** Counts the taken addresses that belong to this pool. */
    long countAllocated(Collection<IpAddress> taken) {
        return taken.stream().filter(allocatable::contains).count();
    }

    BigInteger size() {
        return allocatable.size();
    }

    /** The precise exhaustion message: pool name, size, allocated. */
    String exhaustedMessage(Collection<IpAddress> taken) {
        return "pool " + name + " is exhausted: " + size() + " addresses, " + countAllocated(taken) + " allocated";
    }

    String describeSelector() {
        return clusterSelector.isEmpty() ? "everything" : clusterSelector.toString();
    }
}

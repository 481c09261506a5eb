package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.hub.net.AddressFormatException;
import io.egressfed.hub.net.Cidr;
import io.egressfed.hub.net.IpFamily;
import io.egressfed.hub.net.IpSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The rules of one pool on its own and against the other pools. */
final class PoolRules {
    /**
     * IPv4-mapped IPv6 addresses (RFC 4291 2.5.5.2) stand for IPv4 addresses: allocation keys fold them
     * to IPv4 ({@code Keys.canonicalIp}), so a pool holding them would collide with an IPv4 pool.
     */
    private static final Cidr IPV4_MAPPED = Cidr.parse("::ffff:0:0/96");

    private PoolRules() {
    }

    static void check(EgressIPPool pool, World world, Errors errors) {
        MetadataRules.check(pool.getMetadata(), errors);
        MetadataRules.checkSize(pool, errors);
        int before = errors.size();
        SortedMap<Integer, Cidr> cidrs = checkCidrs(pool.getSpec().getCidrsList(), errors);
        checkOverlapWithOtherPools(pool.getMetadata().getName(), cidrs, world, errors);
        List<Cidr> exclude = checkExclude(pool.getSpec().getExcludeList(), cidrs, errors);
        boolean addressesValid = errors.size() == before;
        if (addressesValid && !cidrs.isEmpty()
                && IpSet.ofCidrs(cidrs.values()).minus(IpSet.ofCidrs(exclude)).isEmpty()) {
            errors.add("spec.exclude", "excludes every address of spec.cidrs: the pool has no allocatable address");
        }
        SelectorRules.check(pool.getSpec().getClusterSelector(), "spec.clusterSelector", errors);
    }

    /** Returns the valid cidrs by their index in spec.cidrs. */
    private static SortedMap<Integer, Cidr> checkCidrs(List<String> texts, Errors errors) {
        SortedMap<Integer, Cidr> cidrs = new TreeMap<>();
        if (texts.isEmpty()) {
            errors.add("spec.cidrs", "at least one CIDR is required");
            return cidrs;
        }
        for (int i = 0; i < texts.size(); i++) {
            String field = "spec.cidrs[" + i + "]";
            Optional<Cidr> parsed = parse(texts.get(i), field, errors, false);
            if (parsed.isEmpty()) {
                continue;
            }
            Cidr cidr = parsed.get();
            if (cidr.overlaps(IPV4_MAPPED)) {
                errors.add(field, cidr + " overlaps " + IPV4_MAPPED + ", the IPv4-mapped IPv6 addresses, which stand for"
                        + " IPv4 addresses; put IPv4 addresses in an IPv4 pool");
                continue;
            }
            if (!cidrs.isEmpty() && cidrs.get(cidrs.firstKey()).family() != cidr.family()) {
                IpFamily family = cidrs.get(cidrs.firstKey()).family();
                errors.add(field, cidr.family() + " prefix " + cidr + " in a pool whose spec.cidrs[" + cidrs.firstKey()
                        + "] is " + family + "; a pool holds one address family");
                continue;
            }
            boolean overlapping = false;
            for (Map.Entry<Integer, Cidr> earlier : cidrs.entrySet()) {
                if (earlier.getValue().overlaps(cidr)) {
                    errors.add(field, cidr + " overlaps spec.cidrs[" + earlier.getKey() + "] (" + earlier.getValue() + ")");
                    overlapping = true;
                }
            }
            if (!overlapping) {
                cidrs.put(i, cidr);
            }
        }
        return cidrs;
    }

    private static void checkOverlapWithOtherPools(
            String name, SortedMap<Integer, Cidr> cidrs, World world, Errors errors) {
        for (Map.Entry<Integer, Cidr> own : cidrs.entrySet()) {
            for (Map.Entry<String, EgressIPPool> other : world.pools().entrySet()) {
                if (other.getKey().equals(name)) {
                    continue;
                }
                for (String otherText : other.getValue().getSpec().getCidrsList()) {
                    tryParse(otherText).filter(otherCidr -> otherCidr.overlaps(own.getValue())).ifPresent(otherCidr ->
                            errors.add("spec.cidrs[" + own.getKey() + "]", own.getValue() + " overlaps " + otherCidr
                                    + " of pool \"" + other.getKey() + "\""));
                }
            }
        }
    }

    private static List<Cidr> checkExclude(List<String> texts, SortedMap<Integer, Cidr> cidrs, Errors errors) {
        List<Cidr> exclude = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String field = "spec.exclude[" + i + "]";
            Optional<Cidr> parsed = parse(texts.get(i), field, errors, true);
            if (parsed.isEmpty()) {
                continue;
            }
            Cidr entry = parsed.get();
            if (cidrs.isEmpty()) {
                continue;
            }
            IpFamily family = cidrs.get(cidrs.firstKey()).family();
            if (entry.family() != family) {
                errors.add(field, entry.family() + " entry " + entry + " in an " + family + " pool");
            } else if (cidrs.values().stream().noneMatch(c -> c.contains(entry))) {
                errors.add(field, entry + " is not inside any of spec.cidrs");
            } else {
                exclude.add(entry);
            }
        }
        return exclude;
    }

    private static Optional<Cidr> parse(String text, String field, Errors errors, boolean addressAllowed) {
        try {
            return Optional.of(addressAllowed ? Cidr.parseAddressOrCidr(text) : Cidr.parse(text));
        } catch (AddressFormatException invalid) {
            errors.add(field, invalid.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Cidr> tryParse(String text) {
        try {
            return Optional.of(Cidr.parse(text));
        } catch (AddressFormatException invalid) {
            return Optional.empty();
        }
    }
}

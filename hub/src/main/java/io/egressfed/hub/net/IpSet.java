package io.egressfed.hub.net;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable set of addresses of one family, held as sorted, disjoint, non-adjacent ranges so that
 * a /64 IPv6 pool costs one range, never 2^64 entries. Iteration is lazy and lowest address first,
 * the order in which IPAM hands addresses out.
 */
public final class IpSet implements Iterable<IpAddress> {
    private static final IpSet EMPTY = new IpSet(List.of());

    private final List<AddressRange> ranges;

    private IpSet(List<AddressRange> normalizedRanges) {
        this.ranges = List.copyOf(normalizedRanges);
    }

    /** Returns the empty set (it has no family and combines with either). */
    public static IpSet empty() {
        return EMPTY;
    }

    /**
     * Returns the union of the prefixes.
     *
     * @throws IllegalArgumentException when the prefixes mix IPv4 and IPv6
     */
    public static IpSet ofCidrs(Collection<Cidr> cidrs) {
        return ofRanges(cidrs.stream().map(Cidr::toRange).toList());
    }

    /**
     * Returns the union of single addresses.
     *
     * @throws IllegalArgumentException when the addresses mix IPv4 and IPv6
     */
    public static IpSet ofAddresses(Collection<IpAddress> addresses) {
        return ofRanges(addresses.stream().map(a -> new AddressRange(a, a)).toList());
    }

    /**
     * Returns the union of the ranges; overlapping and adjacent ranges are merged.
     *
     * @throws IllegalArgumentException when the ranges mix IPv4 and IPv6
     */
    public static IpSet ofRanges(Collection<AddressRange> ranges) {
        if (ranges.stream().map(AddressRange::family).distinct().count() > 1) {
            throw new IllegalArgumentException("an address set cannot mix IPv4 and IPv6: " + ranges);
        }
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(AddressRange::first));
        List<AddressRange> merged = new ArrayList<>();
        for (AddressRange range : sorted) {
            AddressRange previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            boolean touchesPrevious = previous != null
                    && range.first().value().compareTo(previous.last().value().add(BigInteger.ONE)) <= 0;
            if (!touchesPrevious) {
                merged.add(range);
            } else if (range.last().compareTo(previous.last()) > 0) {
                merged.set(merged.size() - 1, new AddressRange(previous.first(), range.last()));
            }
        }
        return merged.isEmpty() ? EMPTY : new IpSet(merged);
    }

    /** Returns the sorted, disjoint, non-adjacent ranges of the set. */
    public List<AddressRange> ranges() {
        return ranges;
    }

    /** Returns the family of the addresses, empty for the empty set. */
    public Optional<IpFamily> family() {
        return ranges.isEmpty() ? Optional.empty() : Optional.of(ranges.get(0).family());
    }

    /** Returns true when the set holds no address. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Returns the number of addresses in the set. */
    public BigInteger size() {
        return ranges.stream().map(AddressRange::size).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Returns true when {@code address} is in the set (binary search over the ranges). */
    public boolean contains(IpAddress address) {
        int low = 0;
        int high = ranges.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            AddressRange range = ranges.get(middle);
            if (address.compareTo(range.first()) < 0) {
                high = middle - 1;
            } else if (address.compareTo(range.last()) > 0) {
                low = middle + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Returns true when every address of {@code cidr} is in the set. */
    public boolean containsAll(Cidr cidr) {
        return ranges.stream().anyMatch(r -> r.contains(cidr.first()) && r.contains(cidr.last()));
    }

    /** Returns the lowest address of the set, empty for the empty set. */
    public Optional<IpAddress> lowest() {
        return ranges.isEmpty() ? Optional.empty() : Optional.of(ranges.get(0).first());
    }

    /**
     * Returns the lowest address of this set that is not in {@code taken}; the cost depends on the
     * number of taken addresses, never on the size of the set.
     */
    public Optional<IpAddress> lowestNotIn(Collection<IpAddress> taken) {
        List<IpAddress> sameFamily = taken.stream()
                .filter(a -> family().map(f -> f == a.family()).orElse(false))
                .toList();
        return minus(ofAddresses(sameFamily)).lowest();
    }

    /** Returns the addresses of this set that are not in {@code other}. */
    public IpSet minus(IpSet other) {
        if (isEmpty() || other.isEmpty() || !family().equals(other.family())) {
            return this;
        }
        List<AddressRange> result = new ArrayList<>();
        int cut = 0;
        for (AddressRange range : ranges) {
            BigInteger start = range.first().value();
            BigInteger end = range.last().value();
            while (cut < other.ranges.size() && other.ranges.get(cut).last().value().compareTo(start) < 0) {
                cut++;
            }
            int next = cut;
            while (start.compareTo(end) <= 0 && next < other.ranges.size()
                    && other.ranges.get(next).first().value().compareTo(end) <= 0) {
                AddressRange hole = other.ranges.get(next);
                if (hole.first().value().compareTo(start) > 0) {
                    result.add(range(range.family(), start, hole.first().value().subtract(BigInteger.ONE)));
                }
                start = start.max(hole.last().value().add(BigInteger.ONE));
                next++;
            }
            if (start.compareTo(end) <= 0) {
                result.add(range(range.family(), start, end));
            }
        }
        return result.isEmpty() ? EMPTY : new IpSet(result);
    }

    /**
     * Returns the addresses in this set or in {@code other}.
     *
     * @throws IllegalArgumentException when the two sets are of different families
     */
    public IpSet union(IpSet other) {
        List<AddressRange> all = new ArrayList<>(ranges);
        all.addAll(other.ranges);
        return ofRanges(all);
    }

    /** Iterates the addresses lazily, lowest first; never materializes the set. */
    @Override
    public Iterator<IpAddress> iterator() {
        return new Iterator<>() {
            private int rangeIndex;
            private IpAddress next = ranges.isEmpty() ? null : ranges.get(0).first();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public IpAddress next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                IpAddress current = next;
                if (current.compareTo(ranges.get(rangeIndex).last()) < 0) {
                    next = current.next();
                } else {
                    rangeIndex++;
                    next = rangeIndex < ranges.size() ? ranges.get(rangeIndex).first() : null;
                }
                return current;
            }
        };
    }

    private static AddressRange range(IpFamily family, BigInteger first, BigInteger last) {
        return new AddressRange(new IpAddress(family, first), new IpAddress(family, last));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpSet set && set.ranges.equals(ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    /** Returns the ranges, e.g. "[198.51.100.1-198.51.100.31]". */
    @Override
    public String toString() {
        return ranges.stream().map(AddressRange::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}

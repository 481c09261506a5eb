package io.egressfed.hub.net;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An inclusive range of addresses of one family, first &lt;= last.
 *
 * @param first the lowest address of the range
 * @param last  the highest address of the range
 */
public record AddressRange(IpAddress first, IpAddress last) {

    /** Rejects mixed families and reversed bounds. */
    public AddressRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (first.family() != last.family()) {
            throw new IllegalArgumentException("range " + first + "-" + last + " mixes IPv4 and IPv6");
        }
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("range " + first + "-" + last + " ends before it starts");
        }
    }

    /** Returns the family of both bounds. */
    public IpFamily family() {
        return first.family();
    }

    /** Returns the number of addresses in the range. */
    public BigInteger size() {
        return last.value().subtract(first.value()).add(BigInteger.ONE);
    }

    /** Returns true when {@code address} lies in the range. */
    public boolean contains(IpAddress address) {
        return address.family() == family() && address.compareTo(first) >= 0 && address.compareTo(last) <= 0;
    }

    /** Returns "first-last", or the single address when first equals last. */
    @Override
    public String toString() {
        return first.equals(last) ? first.toString() : first + "-" + last;
    }
}

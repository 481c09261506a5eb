package io.egressfed.hub.net;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One IPv4 or IPv6 address as a number. Values are never resolved through DNS; {@link #toString()}
 * is the canonical text (dotted quad, or RFC 5952 for IPv6: lower case, no leading zeros, the
 * longest run of two or more zero groups compressed to "::", IPv4-mapped addresses as
 * "::ffff:a.b.c.d"). Addresses order by family (IPv4 first), then by value.
 *
 * @param family the address family
 * @param value  the address as an unsigned number, 0 to {@code family.maxValue()}
 */
public record IpAddress(IpFamily family, BigInteger value) implements Comparable<IpAddress> {
    private static final BigInteger IPV4_MAPPED_PREFIX = BigInteger.valueOf(0xffffL).shiftLeft(32);
    private static final BigInteger LOW_32_BITS = BigInteger.valueOf(0xffffffffL);

    /** Rejects values outside the family's range. */
    public IpAddress {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0 || value.compareTo(family.maxValue()) > 0) {
            throw new IllegalArgumentException(value + " is outside the " + family + " address range");
        }
    }

    /**
     * Parses an address literal strictly: dotted quad without leading zeros, or IPv6 with optional
     * "::" and an optional trailing dotted quad. No zone index, no brackets, no host names.
     *
     * @throws AddressFormatException with a user-facing reason when {@code text} is not a literal
     */
    public static IpAddress parse(String text) {
        return IpLiteralParser.parse(text);
    }

    /** Returns the address {@code offset} above this one (offset may be negative). */
    public IpAddress add(BigInteger offset) {
        BigInteger sum = value.add(offset);
        if (sum.signum() < 0 || sum.compareTo(family.maxValue()) > 0) {
            throw new ArithmeticException(this + " + " + offset + " leaves the " + family + " address range");
        }
        return new IpAddress(family, sum);
    }

    /** Returns the next address; throws ArithmeticException after the last address of the family. */
    public IpAddress next() {
        return add(BigInteger.ONE);
    }

    /** Returns true for IPv6 addresses in ::ffff:0:0/96, which carry an IPv4 address. */
    public boolean isIpv4Mapped() {
        return family == IpFamily.IPV6 && value.shiftRight(32).shiftLeft(32).equals(IPV4_MAPPED_PREFIX);
    }

    /** Returns the address in network byte order: 4 or 16 bytes. */
    public byte[] toBytes() {
        int length = family.bits() / 8;
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
        return bytes;
    }

    @Override
    public int compareTo(IpAddress other) {
        int byFamily = family.compareTo(other.family);
        return byFamily != 0 ? byFamily : value.compareTo(other.value);
    }

    /** Returns the canonical text form (see the class comment). */
    @Override
    public String toString() {
        if (family == IpFamily.IPV4) {
            return dottedQuad(value.longValue());
        }
        if (isIpv4Mapped()) {
            return "::ffff:" + dottedQuad(value.and(LOW_32_BITS).longValue());
        }
        return rfc5952(value);
    }

    private static String dottedQuad(long v4) {
        return ((v4 >>> 24) & 0xff) + "." + ((v4 >>> 16) & 0xff) + "." + ((v4 >>> 8) & 0xff) + "." + (v4 & 0xff);
    }

    private static String rfc5952(BigInteger value) {
        int[] groups = new int[8];
        for (int i = 7; i >= 0; i--) {
            groups[7 - i] = value.shiftRight(16 * i).intValue() & 0xffff;
        }
        // The longest run of zero groups (the first one on a tie) is compressed, but never a single group.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}

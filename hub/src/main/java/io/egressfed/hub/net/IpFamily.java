package io.egressfed.hub.net;

import java.math.BigInteger;

/** The two IP address families; a pool, a CIDR list or a range holds addresses of one family only. */
public enum IpFamily {
    IPV4(32, "IPv4"),
    IPV6(128, "IPv6");

    private final int bits;
    private final String displayName;
    private final BigInteger maxValue;

    IpFamily(int bits, String displayName) {
        this.bits = bits;
        this.displayName = displayName;
        this.maxValue = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    /** Returns the address width in bits: 32 or 128. */
    public int bits() {
        return bits;
    }

    /** Returns the largest address value of this family (all bits set). */
    public BigInteger maxValue() {
        return maxValue;
    }

    /** Returns "IPv4" or "IPv6", the spelling used in error messages. */
    @Override
    public String toString() {
        return displayName;
    }
}

package io.egressfed.hub.net;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An IP prefix such as 198.51.100.0/27 or 2001:db8::/64. The network address has no host bits set:
 * "198.51.100.1/27" is rejected rather than silently truncated, because a user who wrote it most
 * likely meant something else and a pool must not change shape behind their back.
 *
 * @param network      the first address of the prefix (host bits all zero)
 * @param prefixLength 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record Cidr(IpAddress network, int prefixLength) implements Comparable<Cidr> {

    /** Rejects prefix lengths outside the family and networks with host bits set. */
    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.family().bits();
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " is outside 0.." + bits + " for " + network.family());
        }
        if (!hostMask(bits - prefixLength).and(network.value()).equals(BigInteger.ZERO)) {
            throw new IllegalArgumentException("host bits set in " + network + "/" + prefixLength);
        }
    }

    /**
     * Parses "address/length" strictly. The length is decimal without leading zeros.
     *
     * @throws AddressFormatException naming the text and the reason, e.g. {@code "198.51.100.1/27" is
     *     not a valid CIDR: host bits set; did you mean 198.51.100.0/27?}
     */
    public static Cidr parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new AddressFormatException("a CIDR is required");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw invalid(text, "missing \"/prefix-length\"");
        }
        if (text.indexOf('/', slash + 1) >= 0) {
            throw invalid(text, "more than one '/'");
        }
        IpAddress address = parseAddressPart(text, text.substring(0, slash));
        int prefixLength = parsePrefixLength(text, text.substring(slash + 1), address.family());
        Cidr covering = covering(address, prefixLength);
        if (!covering.network().equals(address)) {
            throw invalid(text, "host bits set; did you mean " + covering + "?");
        }
        return covering;
    }

    /**
     * Parses either a CIDR or a bare address, which stands for the single-address prefix (/32 or
     * /128); pool {@code exclude} entries accept both.
     *
     * @throws AddressFormatException when the text is neither
     */
    public static Cidr parseAddressOrCidr(String text) {
        if (text != null && text.indexOf('/') < 0) {
            return host(IpAddress.parse(text));
        }
        return parse(text);
    }

    /** Returns the prefix of the given length that contains {@code address} (host bits cleared). */
    public static Cidr covering(IpAddress address, int prefixLength) {
        int hostBits = address.family().bits() - prefixLength;
        if (hostBits < 0 || prefixLength < 0) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " is outside 0.." + address.family().bits());
        }
        BigInteger network = address.value().shiftRight(hostBits).shiftLeft(hostBits);
        return new Cidr(new IpAddress(address.family(), network), prefixLength);
    }

    /** Returns the single-address prefix of {@code address}. */
    public static Cidr host(IpAddress address) {
        return new Cidr(address, address.family().bits());
    }

    /** Returns the family of the prefix. */
    public IpFamily family() {
        return network.family();
    }

    /** Returns the number of addresses in the prefix (2^(bits - prefixLength)). */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(family().bits() - prefixLength);
    }

    /** Returns the first address (the network address). */
    public IpAddress first() {
        return network;
    }

    /** Returns the last address (for IPv4, the broadcast address). */
    public IpAddress last() {
        return new IpAddress(family(), network.value().add(hostMask(family().bits() - prefixLength)));
    }

    /** Returns the prefix as an inclusive address range. */
    public AddressRange toRange() {
        return new AddressRange(first(), last());
    }

    /** Returns true when {@code address} is of the same family and inside the prefix. */
    public boolean contains(IpAddress address) {
        return address.family() == family()
                && address.compareTo(first()) >= 0
                && address.compareTo(last()) <= 0;
    }

    /** Returns true when every address of {@code other} is inside this prefix. */
    public boolean contains(Cidr other) {
        return other.family() == family() && other.prefixLength >= prefixLength && contains(other.network);
    }

    /** Returns true when the two prefixes share at least one address (prefixes either nest or are disjoint). */
    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public int compareTo(Cidr other) {
        int byNetwork = network.compareTo(other.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(prefixLength, other.prefixLength);
    }

    /** Returns the canonical text, e.g. "2001:db8::/64". */
    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }

    private static IpAddress parseAddressPart(String whole, String addressText) {
        try {
            return IpAddress.parse(addressText);
        } catch (AddressFormatException e) {
            throw invalid(whole, e.getMessage());
        }
    }

    private static int parsePrefixLength(String whole, String lengthText, IpFamily family) {
        if (!IpLiteralParser.isDecimal(lengthText)) {
            throw invalid(whole, "prefix length \"" + lengthText + "\" is not a decimal number");
        }
        if (lengthText.length() > 1 && lengthText.charAt(0) == '0') {
            throw invalid(whole, "prefix length \"" + lengthText + "\" has a leading zero");
        }
        if (lengthText.length() > 3 || Integer.parseInt(lengthText) > family.bits()) {
            throw invalid(whole, "prefix length " + lengthText + " is above " + family.bits() + " for " + family);
        }
        return Integer.parseInt(lengthText);
    }

    private static BigInteger hostMask(int hostBits) {
        return BigInteger.ONE.shiftLeft(hostBits).subtract(BigInteger.ONE);
    }

    private static AddressFormatException invalid(String text, String reason) {
        return new AddressFormatException("\"" + text + "\" is not a valid CIDR: " + reason);
    }
}

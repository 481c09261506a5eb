package io.egressfed.agent.backend;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * IP address and CIDR literals, parsed without ever asking DNS (which {@link InetAddress#getByName}
 * would do for anything that is not a literal).
 */
public final class IpLiterals {

    private IpLiterals() {
    }

    /**
     * Parses an IPv4 dotted quad (no leading zeros) or an IPv6 literal.
     *
     * @param text the literal
     * @return the address bytes (4 or 16), or empty when {@code text} is not an IP literal
     */
    public static Optional<byte[]> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        return parseV4(text);
    }

    /**
     * A canonical spelling of an address, equal for equal addresses ("2001:db8::1" and "2001:db8:0::1").
     *
     * @param text a literal
     * @return the canonical form, or empty when {@code text} is not an IP literal
     */
    public static Optional<String> canonical(String text) {
        return parse(text).map(bytes -> HexFormat.of().formatHex(bytes));
    }

    /**
     * Parses {@code address/prefix}.
     *
     * @param text the CIDR
     * @return the address length in bytes (4 or 16), or empty when {@code text} is not a CIDR
     */
    public static Optional<Integer> cidrFamilyBytes(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<byte[]> address = parse(text.substring(0, slash));
        String prefix = text.substring(slash + 1);
        if (address.isEmpty() || !prefix.matches("0|[1-9][0-9]{0,2}")) {
            return Optional.empty();
        }
        int bits = Integer.parseInt(prefix);
        int length = address.get().length;
        return bits <= length * 8 ? Optional.of(length) : Optional.empty();
    }

    private static Optional<byte[]> parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("0|[1-9][0-9]{0,2}")) {
                return Optional.empty();
            }
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        return Optional.of(bytes);
    }

    private static Optional<byte[]> parseV6(String text) {
        // Only hex digits, colons and dots reach InetAddress: such a string is never looked up in DNS.
        if (!text.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return bytes.length == 16 ? Optional.of(bytes) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}

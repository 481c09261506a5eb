package io.egressfed.hub.net;

import java.math.BigInteger;

/**
 * Strict parser of IP address literals. It never resolves names: anything that is not a literal is
 * rejected with a reason. IPv4 octets with leading zeros are rejected because some stacks read them
 * as octal (010 = 8) and others as decimal, so the same text could mean two different addresses.
 */
final class IpLiteralParser {
    private static final int IPV6_GROUPS = 8;

    private IpLiteralParser() {
    }

    static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new AddressFormatException("an IP address is required");
        }
        if (text.indexOf(':') < 0) {
            if (text.chars().anyMatch(Character::isLetter)) {
                throw invalid(text, "host names are not accepted (they are never resolved); write an address literal");
            }
            return new IpAddress(IpFamily.IPV4, BigInteger.valueOf(parseIpv4(text, text)));
        }
        String problem = ipv6Problem(text);
        if (problem != null) {
            throw invalid(text, problem);
        }
        return new IpAddress(IpFamily.IPV6, parseIpv6(text));
    }

    private static String ipv6Problem(String text) {
        if (text.indexOf('%') >= 0) {
            return "zone index (%...) is not allowed";
        }
        if (text.startsWith("[") || text.endsWith("]")) {
            return "brackets are not part of an address";
        }
        return null;
    }

    /** Parses a dotted quad into its 32-bit value; {@code whole} is the full input, for messages. */
    private static long parseIpv4(String quad, String whole) {
        String[] octets = quad.split("\\.", -1);
        if (octets.length != 4) {
            throw invalid(whole, "expected 4 dot-separated octets, found " + octets.length);
        }
        long value = 0;
        for (String octet : octets) {
            value = (value << 8) | parseOctet(octet, whole);
        }
        return value;
    }

    private static int parseOctet(String octet, String whole) {
        if (octet.isEmpty()) {
            throw invalid(whole, "empty octet");
        }
        if (octet.length() > 3 || !isDecimal(octet)) {
            throw invalid(whole, "octet \"" + octet + "\" is not a number from 0 to 255");
        }
        if (octet.length() > 1 && octet.charAt(0) == '0') {
            throw invalid(whole, "octet \"" + octet + "\" has a leading zero");
        }
        int value = Integer.parseInt(octet);
        if (value > 255) {
            throw invalid(whole, "octet \"" + octet + "\" is above 255");
        }
        return value;
    }

    private static BigInteger parseIpv6(String text) {
        int compression = text.indexOf("::");
        if (compression >= 0 && text.indexOf("::", compression + 1) >= 0) {
            throw invalid(text, "\"::\" may appear only once");
        }
        int[] head;
        int[] tail;
        if (compression < 0) {
            head = parseGroups(text, text, true);
            tail = new int[0];
            if (head.length != IPV6_GROUPS) {
                throw invalid(text, "expected 8 groups of hex digits, found " + head.length);
            }
        } else {
            String before = text.substring(0, compression);
            String after = text.substring(compression + 2);
            head = parseGroups(before, text, false);
            tail = parseGroups(after, text, true);
            if (head.length + tail.length > IPV6_GROUPS - 1) {
                throw invalid(text, "\"::\" must stand for at least one group, but 8 groups are already written");
            }
        }
        int[] groups = new int[IPV6_GROUPS];
        System.arraycopy(head, 0, groups, 0, head.length);
        System.arraycopy(tail, 0, groups, IPV6_GROUPS - tail.length, tail.length);
        BigInteger value = BigInteger.ZERO;
        for (int group : groups) {
            value = value.shiftLeft(16).or(BigInteger.valueOf(group));
        }
        return value;
    }

    /**
     * Parses colon-separated groups; when {@code mayEndWithIpv4}, the last part may be a dotted quad,
     * which counts as two groups (e.g. ::ffff:192.0.2.1).
     */
    private static int[] parseGroups(String part, String whole, boolean mayEndWithIpv4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        boolean endsWithIpv4 = pieces[pieces.length - 1].indexOf('.') >= 0;
        for (int i = 0; i < pieces.length; i++) {
            boolean last = i == pieces.length - 1;
            if (pieces[i].indexOf('.') >= 0 && (!last || !mayEndWithIpv4)) {
                throw invalid(whole, "an embedded IPv4 address may only end the address");
            }
        }
        int count = pieces.length + (endsWithIpv4 ? 1 : 0);
        if (count > IPV6_GROUPS) {
            throw invalid(whole, "more than 8 groups");
        }
        int[] groups = new int[count];
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (i == pieces.length - 1 && endsWithIpv4) {
                long v4 = parseIpv4(piece, whole);
                groups[i] = (int) (v4 >>> 16);
                groups[i + 1] = (int) (v4 & 0xffff);
            } else {
                groups[i] = parseHexGroup(piece, whole);
            }
        }
        return groups;
    }

    private static int parseHexGroup(String group, String whole) {
        if (group.isEmpty()) {
            throw invalid(whole, "empty group (a single ':' at the start or end, or ':::')");
        }
        if (group.length() > 4) {
            throw invalid(whole, "group \"" + group + "\" has more than 4 hex digits");
        }
        int value = 0;
        for (int i = 0; i < group.length(); i++) {
            int digit = hexDigit(group.charAt(i));
            if (digit < 0) {
                throw invalid(whole, "group \"" + group + "\" is not hexadecimal");
            }
            value = value * 16 + digit;
        }
        return value;
    }

    // Character.digit would accept non-ASCII digits (e.g. Arabic-Indic), which are not address syntax.
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static boolean isDecimal(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static AddressFormatException invalid(String whole, String reason) {
        return new AddressFormatException("\"" + whole + "\" is not an IP address: " + reason);
    }
}

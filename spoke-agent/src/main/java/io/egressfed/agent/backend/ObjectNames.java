package io.egressfed.agent.backend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic object names derived from intent names, so that a restarted agent finds the objects
 * it wrote before without any other bookkeeping.
 */
public final class ObjectNames {

    /** Longest DNS-1123 label (Service names). */
    public static final int DNS_LABEL_MAX = 63;
    /** Longest DNS-1123 subdomain (names of most other objects). */
    public static final int DNS_SUBDOMAIN_MAX = 253;

    private static final int HASH_CHARS = 10;

    private ObjectNames() {
    }

    /**
     * {@code prefix + intent} when it fits in {@code maxLength}; otherwise a truncated form ending in a
     * hash of the full name, so two long intents sharing a prefix still get distinct names.
     *
     * @param prefix    a DNS-label prefix such as {@code "egressfed-"}
     * @param intent    the intent name (a DNS label)
     * @param maxLength {@link #DNS_LABEL_MAX} or {@link #DNS_SUBDOMAIN_MAX}
     * @return a valid DNS-1123 name
     */
    public static String forIntent(String prefix, String intent, int maxLength) {
        String full = prefix + intent;
        if (full.length() <= maxLength) {
            return full;
        }
        String hash = sha256Hex(full).substring(0, HASH_CHARS);
        String head = full.substring(0, maxLength - HASH_CHARS - 1);
        while (head.endsWith("-")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + "-" + hash;
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}

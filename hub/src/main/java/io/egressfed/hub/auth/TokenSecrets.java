package io.egressfed.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/** Generation and hashing of admin token secrets. */
final class TokenSecrets {

    static final String PREFIX = "efa_";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /** 20 bytes = 160 bits = exactly 32 base32 characters. */
    private static final int RANDOM_BYTES = 20;
    private static final Pattern SHAPE = Pattern.compile("efa_[a-z2-7]{32}");

    private TokenSecrets() {
    }

    static String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        StringBuilder token = new StringBuilder(PREFIX);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                token.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return token.toString();
    }

    /** Says why a secret chosen outside the hub is not shaped like a generated one, without echoing it. */
    static Optional<String> shapeProblem(String secret) {
        if (SHAPE.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of("must be \"" + PREFIX + "\" followed by 32 characters of a-z and 2-7 ("
                + (PREFIX.length() + 32) + " characters), got " + secret.length() + " characters"
                + (secret.startsWith(PREFIX) ? "" : " not starting with \"" + PREFIX + "\""));
    }

    static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Compares two hex digests without revealing, through timing, where they differ. */
    static boolean sameDigest(String expectedHex, String actualHex) {
        return MessageDigest.isEqual(expectedHex.getBytes(StandardCharsets.US_ASCII),
                actualHex.getBytes(StandardCharsets.US_ASCII));
    }
}

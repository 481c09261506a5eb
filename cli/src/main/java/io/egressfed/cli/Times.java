package io.egressfed.cli;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times as users type and read them: RFC 3339 instants, Go-style durations ({@code 90m}, {@code 1h30m}), ages. */
final class Times {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Times() {
    }

    /**
     * Parses a Go-style duration: a sequence of amounts with units ms, s, m, h, d, e.g. {@code 1h30m}.
     *
     * @throws UsageFailure when the text is none
     */
    static Duration duration(String option, String text) {
        Matcher matcher = DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            end = matcher.end();
        }
        if (text.isEmpty() || end != text.length()) {
            throw new UsageFailure(option + ": \"" + text + "\" is not a duration like 30s, 15m, 2h or 1h30m");
        }
        return total;
    }

    /**
     * Parses an instant: RFC 3339 ({@code 2026-01-02T15:04:05Z}) or a duration meaning that long ago.
     *
     * @throws UsageFailure when the text is neither
     */
    static Instant instant(String option, String text, Instant now) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return now.minus(duration(option, text));
            } catch (UsageFailure notADuration) {
                throw new UsageFailure(option + ": \"" + text
                        + "\" is neither an RFC 3339 time (2026-01-02T15:04:05Z) nor a duration ago (30m, 2h)");
            }
        }
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** RFC 3339 text of a timestamp; empty for an unset one. */
    static String text(Timestamp timestamp) {
        return timestamp.getSeconds() == 0 && timestamp.getNanos() == 0 ? "" : instant(timestamp).toString();
    }

    /** A kubectl-like age: {@code 45s}, {@code 12m}, {@code 5h}, {@code 3d}; empty for an unset timestamp. */
    static String age(Timestamp timestamp, Instant now) {
        if (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0) {
            return "";
        }
        Duration age = Duration.between(instant(timestamp), now);
        if (age.isNegative()) {
            return "0s";
        }
        if (age.toMinutes() < 2) {
            return age.toSeconds() + "s";
        }
        if (age.toHours() < 2) {
            return age.toMinutes() + "m";
        }
        if (age.toDays() < 2) {
            return age.toHours() + "h";
        }
        return age.toDays() + "d";
    }
}

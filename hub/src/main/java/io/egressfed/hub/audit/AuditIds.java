package io.egressfed.hub.audit;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/**
 * Audit ids and the time arithmetic on them: {@code <epoch micros, 20 digits>-<counter, 16 hex>-<log
 * instance, 16 hex>}, so that the ids of a time range share a key prefix, the records one log appends
 * within a microsecond keep their order, and two logs never produce the same id.
 */
final class AuditIds {

    static final int MICROS_DIGITS = 20;

    private AuditIds() {
    }

    static String format(long epochMicros, long counter, long instance) {
        return digits(epochMicros) + "-" + String.format("%016x-%016x", counter, instance);
    }

    /** Epoch microseconds of an instant, saturated to 0..Long.MAX_VALUE (ids have no sign). */
    static long micros(Instant instant) {
        if (instant.isBefore(Instant.EPOCH)) {
            return 0;
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
        } catch (ArithmeticException beyondLong) {
            return Long.MAX_VALUE;
        }
    }

    static Instant instant(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }

    static Timestamp timestamp(long epochMicros) {
        Instant instant = instant(epochMicros);
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /**
     * The longest id prefix shared by every id whose time lies in [since, until); empty when the range
     * spans digits that differ from the first one.
     */
    static String commonPrefix(Instant since, Instant until) {
        String first = digits(micros(since));
        // micros(until) itself may hold records just before `until` (sub-microsecond bounds); the
        // caller filters exactly, so reading one microsecond too many is harmless.
        String last = digits(Math.max(micros(since), micros(until)));
        int shared = 0;
        while (shared < MICROS_DIGITS && first.charAt(shared) == last.charAt(shared)) {
            shared++;
        }
        return first.substring(0, shared);
    }

    private static String digits(long epochMicros) {
        String digits = Long.toString(epochMicros);
        return "0".repeat(MICROS_DIGITS - digits.length()) + digits;
    }
}

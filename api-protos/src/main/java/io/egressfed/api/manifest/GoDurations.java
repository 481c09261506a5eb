package io.egressfed.api.manifest;

import com.google.protobuf.Duration;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Go-style duration strings ({@code "5s"}, {@code "1h30m"}, {@code "250ms"}) for
 * {@code google.protobuf.Duration}: operators know them from Kubernetes and Go tools.
 */
public final class GoDurations {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final long NANOS_PER_MICRO = 1_000L;
  /** The range of google.protobuf.Duration: about 10 000 years either way. */
  private static final long MAX_SECONDS = 315_576_000_000L;
  private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
      "ns", BigDecimal.ONE,
      "us", BigDecimal.valueOf(NANOS_PER_MICRO),
      "\u00b5s", BigDecimal.valueOf(NANOS_PER_MICRO),
      "\u03bcs", BigDecimal.valueOf(NANOS_PER_MICRO),
      "ms", BigDecimal.valueOf(NANOS_PER_MILLI),
      "s", BigDecimal.valueOf(NANOS_PER_SECOND),
      "m", BigDecimal.valueOf(60 * NANOS_PER_SECOND),
      "h", BigDecimal.valueOf(3600 * NANOS_PER_SECOND));
  private static final String UNITS = "ns, us, ms, s, m, h";

  private GoDurations() {
  }

  /**
   * Parses a Go-style duration ({@code "5s"}, {@code "1m30s"}) for command-line flags; ISO-8601
   * ({@code "PT5S"}) is accepted too.
   *
   * @param text the duration
   * @return the duration
   * @throws IllegalArgumentException naming what is wrong
   */
  public static java.time.Duration parseFlag(String text) {
    if (text.startsWith("P") || text.startsWith("-P")) {
      try {
        return java.time.Duration.parse(text);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration", e);
      }
    }
    Duration parsed = parse(text);
    return java.time.Duration.ofSeconds(parsed.getSeconds(), parsed.getNanos());
  }

  /**
   * Parses what Go's {@code time.ParseDuration} accepts: an optional sign and a sequence of decimal
   * numbers with units, or a bare {@code 0}. Fractions of a nanosecond are dropped, as Go does.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static Duration parse(String text) {
    String rest = text;
    boolean negative = false;
    if (rest.startsWith("-") || rest.startsWith("+")) {
      negative = rest.charAt(0) == '-';
      rest = rest.substring(1);
    }
    if (rest.equals("0")) {
      return Duration.getDefaultInstance();
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int position = 0;
    while (position < rest.length()) {
      int numberStart = position;
      while (position < rest.length() && isNumberChar(rest.charAt(position))) {
        position++;
      }
      String number = rest.substring(numberStart, position);
      int unitStart = position;
      while (position < rest.length() && !isNumberChar(rest.charAt(position))) {
        position++;
      }
      String unit = rest.substring(unitStart, position);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw new IllegalArgumentException("expected a number before \"" + unit + "\"");
      }
      if (unit.isEmpty()) {
        throw new IllegalArgumentException(
            "missing unit after " + number + "; use one of " + UNITS + ", e.g. " + number + "s");
      }
      BigDecimal unitNanos = NANOS_PER_UNIT.get(unit);
      if (unitNanos == null) {
        throw new IllegalArgumentException("unknown unit \"" + unit + "\"; use one of " + UNITS);
      }
      nanos = nanos.add(new BigDecimal(number).multiply(unitNanos));
    }
    BigInteger[] secondsAndNanos = nanos.setScale(0, RoundingMode.DOWN).toBigInteger()
        .divideAndRemainder(BigInteger.valueOf(NANOS_PER_SECOND));
    if (secondsAndNanos[0].compareTo(BigInteger.valueOf(MAX_SECONDS)) > 0) {
      throw new IllegalArgumentException("out of range; at most " + MAX_SECONDS + "s");
    }
    long seconds = secondsAndNanos[0].longValueExact();
    int remainder = secondsAndNanos[1].intValueExact();
    return Duration.newBuilder()
        .setSeconds(negative ? -seconds : seconds)
        .setNanos(negative ? -remainder : remainder)
        .build();
  }

  /**
   * Formats the shortest usual Go spelling: hours, minutes and seconds with zero parts left out
   * ({@code "1h30m"}, {@code "2m0.5s"}), and durations under a second in {@code ms}, {@code us} or
   * {@code ns} ({@code "250ms"}). Zero is {@code "0s"}. Go's own formatter would write
   * {@code "1h30m0s"}; both parse to the same value.
   *
   * @throws IllegalArgumentException if the seconds and nanos are not a valid Duration
   */
  static String format(Duration duration) {
    long seconds = duration.getSeconds();
    int nanos = duration.getNanos();
    if (Math.abs(seconds) > MAX_SECONDS || Math.abs(nanos) >= NANOS_PER_SECOND
        || (seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0)) {
      throw new IllegalArgumentException(
          "invalid Duration (seconds " + seconds + ", nanos " + nanos + ")");
    }
    if (seconds == 0 && nanos == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    if (seconds < 0 || nanos < 0) {
      text.append('-');
    }
    long wholeSeconds = Math.abs(seconds);
    int fraction = Math.abs(nanos);
    if (wholeSeconds == 0) {
      if (fraction >= NANOS_PER_MILLI) {
        return appendDecimal(text, fraction / NANOS_PER_MILLI, fraction % NANOS_PER_MILLI, 6)
            .append("ms").toString();
      }
      if (fraction >= NANOS_PER_MICRO) {
        return appendDecimal(text, fraction / NANOS_PER_MICRO, fraction % NANOS_PER_MICRO, 3)
            .append("us").toString();
      }
      return text.append(fraction).append("ns").toString();
    }
    long hours = wholeSeconds / 3600;
    long minutes = wholeSeconds % 3600 / 60;
    long secondsOfMinute = wholeSeconds % 60;
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (secondsOfMinute > 0 || fraction > 0) {
      appendDecimal(text, secondsOfMinute, fraction, 9).append('s');
    }
    return text.toString();
  }

  private static StringBuilder appendDecimal(
      StringBuilder text, long whole, long fraction, int fractionDigits) {
    text.append(whole);
    if (fraction > 0) {
      String digits = String.format("%0" + fractionDigits + "d", fraction);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      text.append('.').append(digits, 0, end);
    }
    return text;
  }

  private static boolean isNumberChar(char c) {
    return (c >= '0' && c <= '9') || c == '.';
  }
}

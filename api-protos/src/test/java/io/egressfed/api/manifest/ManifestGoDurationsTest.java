package io.egressfed.api.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go-style durations: what Go's time.ParseDuration accepts, written in the shortest usual form. */
class ManifestGoDurationsTest {

  @ParameterizedTest(name = "{0} = {1}s {2}ns, written {3}")
  @CsvSource({
      "5s,            5,     0,          5s",
      "1h30m,         5400,  0,          1h30m",
      "90m,           5400,  0,          1h30m",
      "250ms,         0,     250000000,  250ms",
      "1.5s,          1,     500000000,  1.5s",
      "1500ms,        1,     500000000,  1.5s",
      "1m30s,         90,    0,          1m30s",
      "2h45m30.25s,   9930,  250000000,  2h45m30.25s",
      "1h0.5s,        3600,  500000000,  1h0.5s",
      "-1.5s,         -1,    -500000000, -1.5s",
      "+10s,          10,    0,          10s",
      "1.5ms,         0,     1500000,    1.5ms",
      "1us,           0,     1000,       1us",
      "1\u00b5s,      0,     1000,       1us",
      "2.5us,         0,     2500,       2.5us",
      "100ns,         0,     100,        100ns",
      "1.9ns,         0,     1,          1ns",
      ".5h,           1800,  0,          30m",
      "0,             0,     0,          0s",
      "0s,            0,     0,          0s",
      "24h,           86400, 0,          24h",
  })
  void parsesAndFormats(String text, long seconds, int nanos, String canonical) {
    Duration duration = GoDurations.parse(text);

    assertThat(duration).isEqualTo(Duration.newBuilder().setSeconds(seconds).setNanos(nanos).build());
    assertThat(GoDurations.format(duration)).isEqualTo(canonical);
    assertThat(GoDurations.parse(canonical)).isEqualTo(duration);
  }

  @ParameterizedTest(name = "\"{0}\" is refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "30        | missing unit after 30; use one of ns, us, ms, s, m, h, e.g. 30s",
      "5 s       | unknown unit \" s\"",
      "1d        | unknown unit \"d\"",
      "h         | expected a number before \"h\"",
      "1.2.3s    | expected a number before \"s\"",
      "''        | empty duration",
      "-         | empty duration",
      "99999999999999h | out of range",
  })
  void refusesWhatGoRefuses(String text, String reason) {
    assertThatThrownBy(() -> GoDurations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(reason);
  }

  @org.junit.jupiter.api.Test
  void refusesToFormatAnInvalidDuration() {
    Duration mixedSigns = Duration.newBuilder().setSeconds(1).setNanos(-5).build();

    assertThatThrownBy(() -> GoDurations.format(mixedSigns))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid Duration");
  }
}

package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A session's touch interval: the smaller of {@code touchInterval} and a quarter of its idle timeout. */
class TouchIntervalTest {

  @ParameterizedTest(name = "idle {0} s + {1} ns, touchInterval {2} s: {3} ns")
  @CsvSource({
      "1800, 0, 60, 60000000000", // a quarter is 450 s: the setting is smaller
      "7, 0, 60, 1750000000", // a quarter of 7 s
      "1, 3, 60, 250000000", // a quarter of 1 s and 3 ns, truncated to the nanosecond
      "3, 999999999, 60, 999999999", // a quarter of 3.999999999 s
      "0, 0, 60, 60000000000", // no idle timeout: the setting
      "2147483647, 0, 9223372036, 536870911750000000", // the longest idle timeout a session can take
  })
  void touchIntervalWhenIdleTimeoutGivenThenSmallerOfSettingAndAQuarter(long idleSeconds, int idleNanos,
      long settingSeconds, long expectedNanos) {
    Duration idle = Duration.ofSeconds(idleSeconds, idleNanos);
    assertThat(HttpSessionView.touchInterval(Duration.ofSeconds(settingSeconds), idle))
        .isEqualTo(Duration.ofNanos(expectedNanos));
  }
}

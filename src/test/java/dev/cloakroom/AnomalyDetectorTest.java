package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.event.AnomalyListener;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.event.SessionMetrics;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.RecordingAnomalyListener;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 2: the per-address anomaly signals. Thresholds of 30 rejected ids and 120 new sessions a
 * minute (the defaults); a {@link FakeClock}; the WARN lines captured.
 */
class AnomalyDetectorTest {

  private static final String WARN = "session anomaly address=";

  private final FakeClock clock = new FakeClock();
  private final SessionMetrics metrics = new SessionMetrics();
  private final RecordingAnomalyListener listener = new RecordingAnomalyListener();
  private final AnomalyDetector detector = new AnomalyDetector(30, 120, AnomalyDetector.CAPACITY, listener, metrics);

  private void reject(String address, int times) {
    for (int i = 0; i < times; i++) {
      detector.seen(address, SessionEvent.REJECTED_UNKNOWN, clock.instant());
    }
  }

  private static List<String> warnings(CapturedLogs logs) {
    return logs.lines().stream().filter(l -> l.contains(" " + WARN)).toList();
  }

  @Test
  void burstFromOneAddressThenOneWarnForTheWindowWithAddressAndCounts() {
    try (CapturedLogs logs = new CapturedLogs()) {
      reject("203.0.113.9", 200);

      assertThat(warnings(logs)).singleElement().asString()
          .isEqualTo("WARN dev.cloakroom.AnomalyDetector session anomaly address=203.0.113.9 rejected=31"
              + " created=0 window=1m");
    }
    assertThat(metrics.count(SessionEvent.ANOMALY)).isEqualTo(1);
  }

  @Test
  void burstAtTheThresholdThenNoWarn() {
    try (CapturedLogs logs = new CapturedLogs()) {
      reject("203.0.113.9", 30);

      assertThat(warnings(logs)).isEmpty();
    }
  }

  @Test
  void burstGoesOnIntoTheNextWindowThenOneWarnPerWindow() {
    try (CapturedLogs logs = new CapturedLogs()) {
      reject("203.0.113.9", 40);
      clock.advance(Duration.ofSeconds(59));
      reject("203.0.113.9", 40);
      clock.advance(Duration.ofSeconds(1));
      reject("203.0.113.9", 40);

      assertThat(warnings(logs)).hasSize(2);
    }
    assertThat(metrics.count(SessionEvent.ANOMALY)).isEqualTo(2);
  }

  @Test
  void sameVolumeSpreadOverManyAddressesThenNoWarn() {
    try (CapturedLogs logs = new CapturedLogs()) {
      for (int i = 0; i < 200; i++) {
        reject("198.51.100." + (i % 100), 1); // 200 rejections, 2 per address
        detector.seen("192.0.2." + (i % 100), SessionEvent.CREATED, clock.instant());
      }

      assertThat(warnings(logs)).isEmpty();
    }
    assertThat(metrics.count(SessionEvent.ANOMALY)).isZero();
  }

  @Test
  void sessionsCreatedOverTheirThresholdThenWarnCountsThem() {
    try (CapturedLogs logs = new CapturedLogs()) {
      for (int i = 0; i < 121; i++) {
        detector.seen("192.0.2.7", SessionEvent.CREATED, clock.instant());
      }

      assertThat(warnings(logs)).singleElement().asString()
          .isEqualTo("WARN dev.cloakroom.AnomalyDetector session anomaly address=192.0.2.7 rejected=0"
              + " created=121 window=1m");
    }
  }

  @Test
  void millionDistinctAddressesThenTheTableHoldsAtMostItsCapacity() {
    for (int i = 0; i < 1_000_000; i++) {
      detector.seen("10." + (i >>> 16 & 0xff) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff),
          SessionEvent.REJECTED_MALFORMED, clock.instant());
    }

    assertThat(detector.size()).isEqualTo(AnomalyDetector.CAPACITY);
    assertThat(metrics.count(SessionEvent.ANOMALY)).isZero();
  }

  @Test
  void addressKeepsSendingAmidAFloodOfDistinctAddressesThenItIsStillCaught() {
    reject("203.0.113.9", 2);
    for (int i = 0; i < 100_000; i++) {
      detector.seen("10." + (i >>> 16 & 0xff) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff),
          SessionEvent.REJECTED_MALFORMED, clock.instant());
      if (i % 1000 == 0) {
        reject("203.0.113.9", 1);
      }
    }

    assertThat(listener.told()).singleElement()
        .satisfies(a -> assertThat(a.address()).isEqualTo("203.0.113.9"));
    assertThat(detector.size()).isEqualTo(AnomalyDetector.CAPACITY);
  }

  @Test
  void floodOfAddressesWhoseWindowsEndedThenTheirPlacesAreTakenFirst() {
    for (int i = 0; i < AnomalyDetector.CAPACITY; i++) {
      reject("10.0." + (i >>> 8) + "." + (i & 0xff), 5);
    }
    clock.advance(Duration.ofMinutes(1));
    reject("203.0.113.9", 1);
    for (int i = 0; i < AnomalyDetector.CAPACITY / 2; i++) {
      reject("10.1." + (i >>> 8) + "." + (i & 0xff), 1);
    }

    reject("203.0.113.9", 30);

    assertThat(listener.told()).singleElement()
        .satisfies(a -> assertThat(a.rejected()).isEqualTo(31));
  }

  @Test
  void listenerToldOnceWithAddressCountsWindowAndTime() {
    reject("203.0.113.9", 100);

    assertThat(listener.told()).containsExactly(
        new AnomalyListener.Anomaly("203.0.113.9", 31, 0, Duration.ofMinutes(1), clock.instant()));
  }

  @Test
  void listenerThrowsThenLoggedAndCountingGoesOn() {
    AnomalyDetector throwing = new AnomalyDetector(1, 0, 16, a -> {
      throw new IllegalStateException("blocklist full");
    }, metrics);

    try (CapturedLogs logs = new CapturedLogs()) {
      for (int i = 0; i < 3; i++) {
        throwing.seen("203.0.113.9", SessionEvent.REJECTED_UNKNOWN, clock.instant());
      }
      throwing.seen("203.0.113.10", SessionEvent.REJECTED_UNKNOWN, clock.instant());
      throwing.seen("203.0.113.10", SessionEvent.REJECTED_UNKNOWN, clock.instant());

      assertThat(logs.lines()).filteredOn(l -> l.contains(" anomaly listener failed")).hasSize(2)
          .allSatisfy(l -> assertThat(l).contains("reason=java.lang.IllegalStateException: blocklist full"));
    }
    assertThat(metrics.count(SessionEvent.ANOMALY)).isEqualTo(2);
  }

  @Test
  void ipv6AddressesOfOneSlash64ThenCountedAsOne() {
    for (int i = 0; i < 31; i++) {
      detector.seen("2001:db8:0:1:" + Integer.toHexString(i) + ":0:0:1", SessionEvent.REJECTED_UNKNOWN,
          clock.instant());
    }

    assertThat(listener.told()).singleElement()
        .satisfies(a -> assertThat(a.address()).isEqualTo("2001:db8:0:1::/64"));
  }

  @Test
  void keyWhenIpv4ThenAsItIsAndWhenIpv6ThenItsSlash64() {
    assertThat(AnomalyDetector.key("203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(AnomalyDetector.key("2001:db8:a:b:c:d:e:f")).isEqualTo("2001:db8:a:b::/64");
    assertThat(AnomalyDetector.key("x".repeat(100))).hasSize(64);
  }

  @Test
  void rejectedThresholdOffThenRejectionsNotWatchedButCreationsAre() {
    AnomalyDetector createdOnly = new AnomalyDetector(0, 120, 16, null, metrics);

    assertThat(createdOnly.watches(SessionEvent.REJECTED_UNKNOWN)).isFalse();
    assertThat(createdOnly.watches(SessionEvent.CREATED)).isTrue();
    assertThat(createdOnly.watches(SessionEvent.REJECTED_EXPIRED)).isFalse();
    assertThat(AnomalyDetector.OFF.watches(SessionEvent.CREATED)).isFalse();
  }
}

package dev.cloakroom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.support.ObjectStreams;
import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Expiry rules and snapshots of {@link SessionRecord}; no store involved. */
class SessionRecordTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration IDLE = Duration.ofMinutes(30);
  private static final Duration ABSOLUTE = Duration.ofHours(12);
  private static final String KEY = "k".repeat(43);

  private static SessionRecord record(Instant lastAccessedAt, Instant authenticatedAt, Duration idle) {
    return new SessionRecord(KEY, T0, lastAccessedAt, authenticatedAt, idle, ABSOLUTE,
        authenticatedAt != null ? "alice" : null, Map.of());
  }

  @Test
  void isExpiredWhenBeforeIdleDeadlineThenFalse() {
    assertThat(record(T0, null, IDLE).isExpired(T0.plus(IDLE).minusMillis(1))).isFalse();
  }

  @Test
  void isExpiredWhenAtIdleDeadlineThenTrue() {
    assertThat(record(T0, null, IDLE).isExpired(T0.plus(IDLE))).isTrue();
  }

  @Test
  void isExpiredWhenIdleDeadlineCountsFromLastAccess() {
    Instant touched = T0.plus(Duration.ofMinutes(20));

    assertThat(record(touched, null, IDLE).isExpired(T0.plus(IDLE))).isFalse();
  }

  @Test
  void isExpiredWhenAbsoluteDeadlinePassedDespiteRecentAccessThenTrue() {
    Instant touched = T0.plus(ABSOLUTE).minus(Duration.ofMinutes(1));

    assertThat(record(touched, null, IDLE).isExpired(T0.plus(ABSOLUTE))).isTrue();
  }

  @Test
  void isExpiredWhenIdleTimeoutZeroThenOnlyAbsoluteCounts() {
    SessionRecord record = record(T0, null, Duration.ZERO);

    assertThat(record.isExpired(T0.plus(ABSOLUTE).minusMillis(1))).isFalse();
    assertThat(record.isExpired(T0.plus(ABSOLUTE))).isTrue();
  }

  @Test
  void isExpiredWhenIdleTimeoutNegativeThenOnlyAbsoluteCounts() {
    assertThat(record(T0, null, Duration.ofMinutes(-1)).isExpired(T0.plus(Duration.ofHours(1)))).isFalse();
  }

  @Test
  void absoluteStartWhenAuthenticatedThenAuthenticationTime() {
    Instant login = T0.plus(Duration.ofHours(2));
    SessionRecord record = record(login, login, Duration.ZERO);

    assertThat(record.absoluteStart()).isEqualTo(login);
    assertThat(record.isExpired(T0.plus(ABSOLUTE))).isFalse();
    assertThat(record.isExpired(login.plus(ABSOLUTE))).isTrue();
  }

  @Test
  void absoluteStartWhenNeverAuthenticatedThenCreation() {
    assertThat(record(T0, null, IDLE).absoluteStart()).isEqualTo(T0);
  }

  @Test
  void expiresAtIsEarlierOfIdleAndAbsoluteDeadline() {
    Instant late = T0.plus(ABSOLUTE).minus(Duration.ofMinutes(10));

    assertThat(record(T0, null, IDLE).expiresAt()).isEqualTo(T0.plus(IDLE));
    assertThat(record(late, null, IDLE).expiresAt()).isEqualTo(T0.plus(ABSOLUTE));
  }

  @Test
  void isIdleExpiredWhenIdleDeadlinePassedFirstThenTrue() {
    assertThat(record(T0, null, IDLE).isIdleExpired(T0.plus(IDLE))).isTrue();
  }

  @Test
  void isIdleExpiredWhenAbsoluteDeadlinePassedFirstThenFalse() {
    // died of its absolute timeout at T0+12h; its idle deadline (T0+12h+20m) also passed by now
    Instant late = T0.plus(ABSOLUTE).minus(Duration.ofMinutes(10));

    assertThat(record(late, null, IDLE).isIdleExpired(T0.plus(ABSOLUTE).plus(Duration.ofHours(1)))).isFalse();
  }

  @Test
  void isIdleExpiredWhenNotExpiredThenFalse() {
    assertThat(record(T0, null, IDLE).isIdleExpired(T0.plusSeconds(1))).isFalse();
  }

  @Test
  void isIdleExpiredWhenIdleTimeoutZeroThenFalse() {
    assertThat(record(T0, null, Duration.ZERO).isIdleExpired(T0.plus(ABSOLUTE))).isFalse();
  }

  @Test
  void applyWhenAuthenticationThenAbsoluteCountsFromIt() {
    Instant login = T0.plus(Duration.ofHours(1));
    SessionDelta delta = new SessionDelta(Map.of(), Set.of(), login, null,
        new SessionDelta.Authentication("alice", login), login.plus(IDLE));

    SessionRecord after = record(T0, null, IDLE).apply(delta);

    assertThat(after.absoluteStart()).isEqualTo(login);
    assertThat(after.principal()).isEqualTo("alice");
  }

  @Test
  void attributesCopiedSoLaterChangesToTheSourceMapDoNotLeakIn() {
    java.util.HashMap<String, byte[]> source = new java.util.HashMap<>(Map.of("a", new byte[] {1}));
    SessionRecord record = new SessionRecord(KEY, T0, T0, null, IDLE, ABSOLUTE, null, source);

    source.put("b", new byte[] {2});

    assertThat(record.attributes()).containsOnlyKeys("a");
  }

  @Test
  void toStringShowsOnlyAKeyPrefix() {
    assertThat(record(T0, null, IDLE).toString()).doesNotContain(KEY).contains("kkkkkk…");
  }

  @Test
  void deltaWhenAttributeBothChangedAndRemovedThenRejected() {
    assertThatThrownBy(() -> new SessionDelta(Map.of("a", new byte[0]), Set.of("a"), null, null, null, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void attributesWhenSerializedThenAPlainMapWithTheSameEntries() throws Exception {
    byte[] value = {1, 2, 3};
    SessionRecord r = new SessionRecord(KEY, T0, T0, null, IDLE, ABSOLUTE, null, Map.of("cart", value));
    byte[] stream = ObjectStreams.serialized(r.withKey("other").attributes());
    assertThat(new String(stream, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("SessionRecord");
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stream))) {
      @SuppressWarnings("unchecked")
      Map<String, byte[]> read = (Map<String, byte[]>) in.readObject();
      assertThat(read).containsOnlyKeys("cart");
      assertThat(read.get("cart")).containsExactly(1, 2, 3);
    }
  }

  @Test
  void attributesWhenChangedThenRefused() {
    SessionRecord r = new SessionRecord(KEY, T0, T0, null, IDLE, ABSOLUTE, null, Map.of("cart", new byte[1]));
    assertThatThrownBy(() -> r.attributes().put("x", new byte[0])).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.attributes().remove("cart")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.attributes().entrySet().iterator().next().setValue(new byte[0]))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}

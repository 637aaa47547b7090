package dev.cloakroom.store.redis;

import static dev.cloakroom.support.ObjectStreams.serialized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cloakroom.Internals;
import dev.cloakroom.Settings;
import dev.cloakroom.store.Breaker;
import dev.cloakroom.store.ClientFingerprint;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.support.Services;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Redis store's own behaviour (round trips, TTLs, namespaces, the principal index, bytes held)
 * against the machine's Redis at 127.0.0.1:6379, under a namespace of its own.
 */
class RedisRepositoryIT {

  /**
   * A peer holds ~885 bytes for a session with one small attribute. A signed-in session's hash, its
   * principal index entry and its schedule entry (both in listpack buckets) stay under 450 bytes of
   * MEMORY USAGE; the benchmark's {@code used_memory} per session adds the key's own bookkeeping.
   */
  private static final long SIGNED_IN_BYTES = 450;

  @AutoClose
  private static RedisFixture redis;

  @BeforeAll
  static void start() {
    Services.requireRedis();
    redis = RedisFixture.of(Services.REDIS_URL, "cloakroom-it");
  }

  @BeforeEach
  void resetCommands() {
    redis.resetCommands();
  }

  private static SessionRecord created(String principal, Map<String, byte[]> attributes) {
    SessionRecord r = redis.record(RedisFixture.newKey(), principal, attributes);
    redis.repository.create(r);
    redis.resetCommands();
    return r;
  }

  private static SessionDelta touch(SessionRecord r, Instant now) {
    return new SessionDelta(Map.of(), Set.of(), now, null, null,
        SessionRecord.expiresAt(now, r.idleTimeout(), r.absoluteStart(), r.absoluteTimeout()));
  }

  private static long pttl(String storeKey) {
    return redis.raw.pttl(redis.sessionKey(storeKey));
  }

  /** The TTL of a session with {@code remaining} lifetime: that plus the grace, in ms. */
  private static long ttlOf(Duration remaining) {
    return remaining.plus(redis.repository.grace()).toMillis();
  }

  private static Double scheduled(String storeKey) {
    return redis.raw.zscore(redis.scheduleKey(storeKey), storeKey);
  }

  @Test
  void loadWhenSessionExistsThenOneCommand() {
    SessionRecord r = created("alice", Map.of("cart", new byte[] {1, 2, 3}));

    SessionRecord loaded = redis.repository.load(r.key()).orElseThrow();

    assertThat(redis.commands()).containsExactly("HGETALL");
    assertThat(loaded.attributes().get("cart")).containsExactly(1, 2, 3);
    assertThat(loaded.principal()).isEqualTo("alice");
    assertThat(loaded.createdAt()).isEqualTo(r.createdAt());
    assertThat(loaded.expiresAt()).isEqualTo(r.expiresAt());
  }

  @Test
  void loadWhenSessionAbsentThenEmptyAfterOneCommand() {
    assertThat(redis.repository.load(RedisFixture.newKey())).isEmpty();
    assertThat(redis.commands()).containsExactly("HGETALL");
  }

  @Test
  void loadWhenReadOnlyThenTtlUnchanged() {
    SessionRecord r = created(null, Map.of());
    long before = pttl(r.key());

    redis.repository.load(r.key());

    assertThat(pttl(r.key())).isLessThanOrEqualTo(before);
    assertThat(redis.commands()).doesNotContain("EVALSHA", "PEXPIRE", "HSET");
  }

  @Test
  void saveWhenAttributesChangeThenOneCommand() {
    SessionRecord r = created(null, Map.of("a", new byte[] {1}, "b", new byte[] {2}));
    Instant now = redis.clock.instant();

    boolean saved = redis.repository.save(r.key(), new SessionDelta(Map.of("c", new byte[] {3}), Set.of("a"),
        null, null, null, r.expiresAt()));

    assertThat(saved).isTrue();
    assertThat(redis.commands()).containsExactly("EVALSHA");
    assertThat(redis.repository.load(r.key()).orElseThrow().attributes()).containsOnlyKeys("b", "c");
    assertThat(now).isEqualTo(redis.clock.instant());
  }

  @Test
  void saveWhenTouchDueThenTtlRefreshedInTheSameCommand() {
    SessionRecord old = new SessionRecord(RedisFixture.newKey(), redis.clock.instant().minus(Duration.ofMinutes(20)),
        redis.clock.instant().minus(Duration.ofMinutes(20)), null, Duration.ofMinutes(30), Duration.ofHours(8), null,
        Map.of());
    redis.repository.create(old);
    assertThat(pttl(old.key())).isCloseTo(ttlOf(Duration.ofMinutes(10)), within(5_000L));
    redis.resetCommands();

    redis.repository.save(old.key(), touch(old, redis.clock.instant()));

    assertThat(redis.commands()).containsExactly("EVALSHA");
    assertThat(pttl(old.key())).isCloseTo(ttlOf(Duration.ofMinutes(30)), within(5_000L));
    assertThat(scheduled(old.key())).isEqualTo((double) redis.clock.instant().plus(Duration.ofMinutes(30)).toEpochMilli());
  }

  @Test
  void createWhenAbsoluteDeadlineComesFirstThenTtlIsTheRemainingLifetime() {
    Instant now = redis.clock.instant();
    SessionRecord r = new SessionRecord(RedisFixture.newKey(), now.minus(Duration.ofMinutes(470)), now, null,
        Duration.ofMinutes(30), Duration.ofHours(8), null, Map.of());

    redis.repository.create(r);

    assertThat(pttl(r.key())).isCloseTo(ttlOf(Duration.ofMinutes(10)), within(5_000L));
    assertThat(scheduled(r.key())).isEqualTo((double) r.expiresAt().toEpochMilli());
  }

  @Test
  void removeExpiredWhenExpiredSessionDeletedOnAccessFirstThenSweepReturnsNothing() {
    SessionRecord r = created(null, Map.of("k", new byte[] {1}));
    redis.clock.advance(Duration.ofMinutes(31));

    SessionRecord retained = redis.repository.load(r.key()).orElseThrow(); // in its grace: dead but readable
    boolean deletedOnAccess = redis.repository.delete(r.key());
    List<SessionRecord> swept = redis.repository.removeExpired(redis.clock.instant(), 100);

    assertThat(retained.isExpired(redis.clock.instant())).isTrue();
    assertThat(deletedOnAccess).isTrue();
    assertThat(swept).extracting(SessionRecord::key).doesNotContain(r.key());
    assertThat(scheduled(r.key())).isNull();
  }

  @Test
  void removeExpiredWhenSweptFirstThenAccessFindsNothingToDelete() {
    SessionRecord r = created("kim", Map.of("k", new byte[] {1}));
    redis.clock.advance(Duration.ofMinutes(31));

    List<SessionRecord> swept = redis.repository.removeExpired(redis.clock.instant(), 100);

    assertThat(swept).filteredOn(s -> s.key().equals(r.key())).singleElement()
        .satisfies(s -> assertThat(s.attributes().get("k")).containsExactly(1));
    assertThat(redis.repository.load(r.key())).isEmpty();
    assertThat(redis.repository.delete(r.key())).isFalse();
    assertThat(redis.indexed("kim")).isEmpty();
  }

  @Test
  void removeExpiredWhenScheduleEntryLagsBehindATouchThenKeptAndRescheduled() {
    SessionRecord r = created(null, Map.of());
    redis.raw.zadd(redis.scheduleKey(r.key()), redis.clock.instant().toEpochMilli(), r.key()); // a stale score

    List<SessionRecord> swept = redis.repository.removeExpired(redis.clock.instant(), 100);

    assertThat(swept).extracting(SessionRecord::key).doesNotContain(r.key());
    assertThat(redis.repository.load(r.key())).isPresent();
    assertThat(scheduled(r.key())).isEqualTo((double) r.expiresAt().toEpochMilli());
  }

  @Test
  void removeExpiredWhenDataAlreadyGoneThenEntrySkippedAndDropped() {
    SessionRecord r = created(null, Map.of());
    redis.raw.del(redis.sessionKey(r.key())); // as if its TTL ran out before any sweep
    redis.clock.advance(Duration.ofMinutes(31));

    assertThat(redis.repository.removeExpired(redis.clock.instant(), 100)).extracting(SessionRecord::key)
        .doesNotContain(r.key());
    assertThat(scheduled(r.key())).isNull();
  }

  @Test
  void saveWhenSessionWasDeletedThenFalseAndNotResurrected() {
    SessionRecord r = created(null, Map.of());
    redis.repository.delete(r.key());

    boolean saved = redis.repository.save(r.key(), new SessionDelta(Map.of("x", new byte[] {1}), Set.of(),
        redis.clock.instant(), null, null, r.expiresAt()));

    assertThat(saved).isFalse();
    assertThat(redis.raw.exists(redis.sessionKey(r.key()))).isZero();
  }

  @Test
  void changeKeyThenOldIsGoneAndNewHasDataAndTtl() {
    SessionRecord r = created("bob", Map.of("k", new byte[] {7}));
    long ttl = pttl(r.key());
    String newKey = RedisFixture.newKey();

    assertThat(redis.repository.changeKey(r.key(), newKey)).isTrue();

    assertThat(redis.repository.load(r.key())).isEmpty();
    SessionRecord moved = redis.repository.load(newKey).orElseThrow();
    assertThat(moved.attributes().get("k")).containsExactly(7);
    assertThat(moved.expiresAt()).isEqualTo(r.expiresAt());
    assertThat(pttl(newKey)).isCloseTo(ttl, within(5_000L));
    assertThat(redis.indexed("bob")).contains(newKey).doesNotContain(r.key());
    assertThat(scheduled(r.key())).isNull();
    assertThat(scheduled(newKey)).isEqualTo((double) r.expiresAt().toEpochMilli());
  }

  @Test
  void changeKeyWhenTimeGivenThenSameCommandsAsWithoutAndFieldKOnTheNewHash() {
    SessionRecord plain = created("bob", Map.of());
    redis.repository.changeKey(plain.key(), RedisFixture.newKey());
    List<String> withoutTime = redis.commands();
    SessionRecord r = created("bob", Map.of());
    String newKey = RedisFixture.newKey();
    Instant at = redis.clock.instant().plusMillis(42);

    redis.repository.changeKey(r.key(), newKey, at);

    assertThat(redis.commands()).isEqualTo(withoutTime);
    assertThat(redis.raw.hget(redis.keys.namespace() + ":s:{" + newKey + "}", "k"))
        .isEqualTo(Long.toString(at.toEpochMilli()));
  }

  @Test
  void createWhenNoMetadataThenNoMetadataFields() {
    SessionRecord r = created("bob", Map.of());

    assertThat(redis.raw.hkeys(redis.keys.namespace() + ":s:{" + r.key() + "}")).doesNotContain("k", "d");
  }

  @Test
  void createWhenClientSetThenOneSmallField() {
    SessionRecord r = redis.record(RedisFixture.newKey(), "bob", Map.of())
        .withMetadata(null, new ClientFingerprint("203.0.113.0/24", "Chrome 131"));
    redis.repository.create(r);

    assertThat(redis.raw.hget(redis.keys.namespace() + ":s:{" + r.key() + "}", "d"))
        .isEqualTo("203.0.113.0/24 Chrome 131");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1.2.3/24 Chrome 131", "203.0.113.0/24", "203.0.113.0/24 Chrome/131.0.0.0 Safari",
      "203.0.113.0/24 Netscape 4", "unknown other and then some more text to be far too long for the field"})
  void loadWhenStoredClientMalformedThenClientDroppedAndSessionLoads(String stored) {
    SessionRecord r = created("bob", Map.of("k", new byte[] {7}));
    redis.raw.hset(redis.keys.namespace() + ":s:{" + r.key() + "}", "d", stored);

    SessionRecord loaded = redis.repository.load(r.key()).orElseThrow();

    assertThat(loaded.client()).isNull();
    assertThat(loaded.principal()).isEqualTo("bob");
    assertThat(loaded.attributes().get("k")).containsExactly(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "-5", "99999999999999999999", "1.5", ""})
  void loadWhenStoredIdChangeTimeMalformedThenDroppedAndSessionLoads(String stored) {
    SessionRecord r = created("bob", Map.of());
    redis.raw.hset(redis.keys.namespace() + ":s:{" + r.key() + "}", "k", stored);

    SessionRecord loaded = redis.repository.load(r.key()).orElseThrow();

    assertThat(loaded.idChangedAt()).isNull();
    assertThat(loaded.principal()).isEqualTo("bob");
  }

  @Test
  void changeKeyWhenOldWasDeletedThenFalseAndNewAbsent() {
    SessionRecord r = created(null, Map.of());
    redis.repository.delete(r.key());
    String newKey = RedisFixture.newKey();

    assertThat(redis.repository.changeKey(r.key(), newKey)).isFalse();
    assertThat(redis.repository.load(newKey)).isEmpty();
  }

  @Test
  void namespacesWhenSameStoreKeyThenIsolated() throws Exception {
    SessionRecord r = created(null, Map.of());
    try (RedisFixture other = RedisFixture.of(Services.REDIS_URL, "cloakroom-it-other")) {
      assertThat(other.repository.load(r.key())).isEmpty();
      other.repository.create(other.record(r.key(), null, Map.of("o", new byte[] {1})));
      assertThat(redis.repository.load(r.key()).orElseThrow().attributes()).isEmpty();
    }
  }

  @Test
  void keysWhenSessionStoredThenOnlyUnderTheNamespaceAndTheStoreKey() {
    SessionRecord r = created("carol", Map.of());

    assertThat(redis.raw.keys(redis.keys.namespace() + ":*"))
        .contains(redis.keys.namespace() + ":s:{" + r.key() + "}",
            redis.keys.namespace() + ":i:{" + RedisKeys.bucket("carol") + "}");
  }

  @Test
  void findByPrincipalWhenSessionVanishedThenEntryPrunedOnRead() {
    SessionRecord gone = created("dave", Map.of());
    SessionRecord live = created("dave", Map.of());
    redis.raw.del(redis.sessionKey(gone.key())); // as if its TTL ran out

    List<SessionRecord> found = redis.repository.findByPrincipal("dave", redis.clock.instant());

    assertThat(found).extracting(SessionRecord::key).containsExactly(live.key());
    assertThat(redis.indexed("dave")).containsExactly(live.key());
  }

  @Test
  void findByPrincipalWhenDeadlinePassedThenEntriesDroppedAndNothingListed() {
    created("erin", Map.of());
    Instant later = redis.clock.instant().plus(Duration.ofHours(9));

    assertThat(redis.repository.findByPrincipal("erin", later)).isEmpty();
    assertThat(redis.raw.hexists(redis.indexKey("erin"), "erin")).isFalse();
  }

  @Test
  void indexWhenAnotherSessionIsAddedAfterADeadlinePassedThenTheDeadEntryIsDropped() {
    SessionRecord old = created("frank", Map.of());
    redis.clock.advance(Duration.ofHours(9));

    SessionRecord fresh = created("frank", Map.of());

    assertThat(redis.indexed("frank")).containsExactly(fresh.key()).doesNotContain(old.key());
  }

  @Test
  void sweepWhenEveryDeadlinePassedThenThePrincipalsEntryIsRemoved() {
    SessionRecord r = created("olga", Map.of());
    redis.raw.del(redis.sessionKey(r.key())); // gone by its TTL: the schedule's sweep finds nothing to tell
    redis.clock.advance(Duration.ofHours(9));

    for (int i = 0; i < RedisKeys.BUCKETS && redis.raw.hexists(redis.indexKey("olga"), "olga"); i++) {
      redis.repository.removeExpired(redis.clock.instant(), 1000);
    }

    assertThat(redis.raw.hexists(redis.indexKey("olga"), "olga")).isFalse();
  }

  @Test
  void sweepWhenSessionsVanishedThenIndexEntriesRemoved() {
    SessionRecord gone = created("grace", Map.of());
    SessionRecord live = created("grace", Map.of());
    redis.raw.del(redis.sessionKey(gone.key()));

    for (int i = 0; i < RedisKeys.BUCKETS && redis.indexed("grace").size() > 1; i++) {
      assertThat(redis.repository.removeExpired(redis.clock.instant(), 1000)).extracting(SessionRecord::key)
          .doesNotContain(live.key()); // other tests' sessions may be due: the clock is the class's
    }

    assertThat(redis.indexed("grace")).containsExactly(live.key());
  }

  @Test
  void deleteByPrincipalWhenKeepingOneThenOthersDeletedAndReturned() {
    SessionRecord keep = created("heidi", Map.of());
    SessionRecord other1 = created("heidi", Map.of());
    SessionRecord other2 = created("heidi", Map.of());

    List<SessionRecord> deleted = redis.repository.deleteByPrincipal("heidi", keep.key());

    assertThat(deleted).extracting(SessionRecord::key).containsExactlyInAnyOrder(other1.key(), other2.key());
    assertThat(redis.repository.load(other1.key())).isEmpty();
    assertThat(redis.repository.findByPrincipal("heidi", redis.clock.instant()))
        .extracting(SessionRecord::key).containsExactly(keep.key());
  }

  @Test
  void deleteWhenSessionHasPrincipalThenIndexEntryRemoved() {
    SessionRecord r = created("ivan", Map.of());

    assertThat(redis.repository.delete(r.key())).isTrue();

    assertThat(redis.indexed("ivan")).isEmpty();
    assertThat(redis.repository.delete(r.key())).isFalse();
  }

  @Test
  void saveWhenAuthenticatingThenIndexedUnderTheNewPrincipal() {
    SessionRecord r = created(null, Map.of());
    Instant now = redis.clock.instant();

    redis.repository.save(r.key(), new SessionDelta(Map.of(), Set.of(), now, null,
        new SessionDelta.Authentication("judy", now), r.expiresAt()));

    assertThat(redis.repository.findByPrincipal("judy", now)).extracting(SessionRecord::key).containsExactly(r.key());
    assertThat(redis.indexDeadline("judy", r.key())).isEqualTo(now.plus(Duration.ofHours(8)).toEpochMilli());
  }

  @Test
  void memoryUsageWhenSignedInWithOneSmallAttributeThenUnder450Bytes() {
    SessionRecord anonymous = created(null, Map.of("locale", serialized("en-GB")));
    SessionRecord signedIn = created("alice@example.com", Map.of("locale", serialized("en-GB")));

    long anonymousBytes = memoryUsage(redis.sessionKey(anonymous.key()));
    long sessionBytes = memoryUsage(redis.sessionKey(signedIn.key()));
    long indexBytes = redis.bucketEntryBytes(true);
    long entryBytes = redis.bucketEntryBytes(false);
    System.out.printf("MEMORY USAGE one small attribute: anonymous session %d + schedule entry %d = %d bytes;"
        + " signed-in session %d + index entry %d + schedule entry %d = %d bytes (peer: ~885)%n", anonymousBytes, entryBytes,
        anonymousBytes + entryBytes, sessionBytes, indexBytes, entryBytes, sessionBytes + indexBytes + entryBytes);

    assertThat(sessionBytes + indexBytes + entryBytes).isLessThan(SIGNED_IN_BYTES);
  }

  @Test
  void storeLocatorWhenRedisUriThenRedisRepositoryBehindABreaker() {
    Settings settings = Settings.builder().store(Services.REDIS_URL).redisNamespace(redis.keys.namespace())
        .clock(redis.clock).build();

    try (SessionRepository opened = Internals.openStore(settings)) {
      assertThat(opened).isInstanceOf(Breaker.class);
      assertThat(((Breaker) opened).delegate()).isInstanceOf(RedisRepository.class);
      SessionRecord r = created(null, Map.of());
      assertThat(opened.load(r.key())).isPresent();
    }
  }

  private static long memoryUsage(String key) {
    return redis.raw.memoryUsage(key);
  }

  /** Issue 11: the active-sessions gauge counts the live sessions from the expiry schedule, one round trip. */
  @Test
  void sizeThenTheSessionsNotYetExpiredCountedWithoutAScan() throws Exception {
    try (RedisFixture own = RedisFixture.of(Services.REDIS_URL, "cloakroom-it-size")) {
      SessionRecord shortLived = new SessionRecord(RedisFixture.newKey(), own.clock.instant(), own.clock.instant(),
          null, Duration.ofMinutes(5), Duration.ofHours(8), null, Map.of());
      own.repository.create(shortLived);
      own.repository.create(own.record(RedisFixture.newKey(), null, Map.of()));
      own.repository.create(own.record(RedisFixture.newKey(), "erin", Map.of()));
      own.resetCommands();

      assertThat(own.repository.size()).isEqualTo(3);
      assertThat(own.commands()).hasSize(RedisKeys.BUCKETS).containsOnly("ZCOUNT");

      own.clock.advance(Duration.ofMinutes(5));
      assertThat(own.repository.size()).isEqualTo(2);
    }
  }
}

package dev.cloakroom.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.support.RedisClusterProcess;
import dev.cloakroom.support.Services;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Cluster mode adds: id changes across slots, the moving mark, round trips through the cluster. */
class RedisClusterRepositoryIT {

  /**
   * A peer holds ~885 bytes for a session with one small attribute. A signed-in session's hash, its
   * principal index entry and its schedule entry (both in listpack buckets) stay under 450 bytes of
   * MEMORY USAGE; the benchmark's {@code used_memory} per session adds the key's own bookkeeping.
   */
  private static final long SIGNED_IN_BYTES = 450;

  @AutoClose
  private static RedisFixture redis;

  @BeforeAll
  static void start() throws Exception {
    Services.requireRedisServer();
    RedisClusterProcess cluster = RedisClusterProcess.start();
    redis = RedisFixture.owning(cluster, cluster.uri(), "cloakroom-cluster-it");
  }

  @BeforeEach
  void resetCommands() {
    redis.resetCommands();
  }

  private static SessionRecord created(String principal) {
    SessionRecord r = redis.record(RedisFixture.newKey(), principal, Map.of("k", new byte[] {7}));
    redis.repository.create(r);
    redis.resetCommands();
    return r;
  }

  /** A fresh store key whose session hash lies in another slot than {@code key}'s. */
  private static String keyInAnotherSlot(String key) {
    long slot = redis.raw.clusterKeyslot(redis.sessionKey(key));
    String other;
    do {
      other = RedisFixture.newKey();
    } while (redis.raw.clusterKeyslot(redis.sessionKey(other)) == slot);
    return other;
  }

  @Test
  void changeKeyWhenSlotsDifferThenDataTtlAndIndexMove() {
    SessionRecord r = created("alice");
    long ttl = redis.raw.pttl(redis.sessionKey(r.key()));
    String newKey = keyInAnotherSlot(r.key());

    assertThat(redis.repository.changeKey(r.key(), newKey)).isTrue();

    assertThat(redis.repository.load(r.key())).isEmpty();
    assertThat(redis.repository.load(newKey).orElseThrow().attributes().get("k")).containsExactly(7);
    assertThat(redis.raw.pttl(redis.sessionKey(newKey))).isCloseTo(ttl, within(5_000L));
    assertThat(redis.indexed("alice")).containsExactly(newKey);
  }

  @Test
  void loadWhenOldKeyMarkedMovingThenEmpty() {
    SessionRecord r = created(null);
    redis.raw.hset(redis.sessionKey(r.key()), "m", RedisFixture.newKey());

    assertThat(redis.repository.load(r.key())).isEmpty();
  }

  @Test
  void saveWhenOldKeyMarkedMovingThenFalseAndNothingWritten() {
    SessionRecord r = created(null);
    redis.raw.hset(redis.sessionKey(r.key()), "m", RedisFixture.newKey());

    boolean saved = redis.repository.save(r.key(), new SessionDelta(Map.of("x", new byte[] {1}), Set.of(), null,
        null, null, r.expiresAt()));

    assertThat(saved).isFalse();
    assertThat(redis.raw.hexists(redis.sessionKey(r.key()), "a:x")).isFalse();
  }

  @Test
  void changeKeyWhenOldKeyAlreadyMovingThenFalseAndNoCopy() {
    SessionRecord r = created(null);
    redis.raw.hset(redis.sessionKey(r.key()), "m", RedisFixture.newKey());
    String newKey = keyInAnotherSlot(r.key());

    assertThat(redis.repository.changeKey(r.key(), newKey)).isFalse();
    assertThat(redis.raw.exists(redis.sessionKey(newKey))).isZero();
  }

  @Test
  void deleteWhenOldKeyMarkedMovingThenDeleteWins() {
    SessionRecord r = created(null);
    redis.raw.hset(redis.sessionKey(r.key()), "m", RedisFixture.newKey());

    assertThat(redis.repository.delete(r.key())).isTrue();
    assertThat(redis.raw.exists(redis.sessionKey(r.key()))).isZero();
  }

  @Test
  void loadThroughTheClusterThenOneCommand() {
    SessionRecord r = created(null);

    redis.repository.load(r.key());

    assertThat(redis.commands()).containsExactly("HGETALL");
  }

  @Test
  void saveThroughTheClusterThenOneCommand() {
    SessionRecord r = created(null);

    redis.repository.save(r.key(), new SessionDelta(Map.of("x", new byte[] {1}), Set.of(), null, null, null,
        r.expiresAt()));

    assertThat(redis.commands()).containsExactly("EVALSHA");
  }

  @Test
  void saveWithTouchThroughTheClusterThenScriptAndScheduleSentTogether() {
    SessionRecord r = created(null);

    redis.repository.save(r.key(), new SessionDelta(Map.of("x", new byte[] {1}), Set.of(),
        redis.clock.instant(), null, null, r.expiresAt()));

    // the schedule bucket lives in another slot: its ZADD is pipelined with the script, one round trip
    assertThat(redis.commands()).containsExactlyInAnyOrder("EVALSHA", "ZADD");
  }

  @Test
  void removeExpiredInClusterWhenSessionsInManySlotsThenEachReturnedOnceWithData() {
    java.util.List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      keys.add(created(i % 2 == 0 ? "dora" : null).key());
    }
    redis.clock.advance(Duration.ofMinutes(31));

    java.util.List<dev.cloakroom.store.SessionRecord> swept = redis.repository.removeExpired(redis.clock.instant(), 1000);

    assertThat(swept).extracting(SessionRecord::key).containsAll(keys).doesNotHaveDuplicates();
    assertThat(swept).filteredOn(s -> keys.contains(s.key()))
        .allSatisfy(s -> assertThat(s.attributes().get("k")).containsExactly(7));
    assertThat(redis.repository.removeExpired(redis.clock.instant(), 1000)).extracting(SessionRecord::key)
        .doesNotContainAnyElementsOf(keys);
  }

  @Test
  void changeKeyThroughTheClusterThenThreeScriptsWhenAnonymous() {
    SessionRecord r = created(null);

    redis.repository.changeKey(r.key(), keyInAnotherSlot(r.key()));

    // mark (old slot), copy (new slot) with its schedule ZADD alongside, commit (old slot) with the old
    // entry's ZREM alongside; no index for an anonymous session
    assertThat(redis.commands()).filteredOn(c -> !c.equals("CLUSTER"))
        .containsExactly("EVALSHA", "EVALSHA", "ZADD", "EVALSHA", "ZREM");
  }

  @Test
  void findByPrincipalWhenSessionsInManySlotsThenAllListed() {
    for (int i = 0; i < 10; i++) {
      created("bob");
    }

    assertThat(redis.repository.findByPrincipal("bob", redis.clock.instant())).hasSize(10);
  }

  @Test
  void memoryUsageInClusterWhenSignedInWithOneSmallAttributeThenUnder450Bytes() {
    SessionRecord r = created("carol@example.com");

    long session = redis.raw.memoryUsage(redis.sessionKey(r.key()));
    long index = redis.bucketEntryBytes(true);
    long entry = redis.bucketEntryBytes(false);
    long bytes = session + index + entry;

    System.out.printf("MEMORY USAGE cluster, signed-in session with one small attribute %d + index entry %d + schedule"
        + " entry %d = %d bytes%n", session, index, entry, bytes);
    assertThat(bytes).isLessThan(SIGNED_IN_BYTES);
  }

  @Test
  void idleExpiryThenSessionTtlIsRemainingLifetimePlusGrace() {
    SessionRecord r = created(null);

    assertThat(redis.raw.pttl(redis.sessionKey(r.key())))
        .isCloseTo(Duration.ofMinutes(30).plus(redis.repository.grace()).toMillis(), within(5_000L));
    assertThat(redis.raw.zscore(redis.scheduleKey(r.key()), r.key())).isEqualTo((double) r.expiresAt().toEpochMilli());
  }
}

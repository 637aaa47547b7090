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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Cluster mode adds: id changes across slots, the moving mark, round trips through the cluster. */
class RedisClusterRepositoryIT {

  /** A peer holds ~885 bytes for a session with one small attribute; we hold about half (cluster adds slot bookkeeping). */
  private static final long HALF_THE_PEERS_BYTES = 450;

  private static RedisClusterProcess cluster;
  private static RedisFixture redis;

  @BeforeAll
  static void start() {
    Services.requireRedisServer();
    cluster = RedisClusterProcess.start();
    redis = RedisFixture.of(cluster.uri(), "cloakroom-cluster-it");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (redis != null) {
        redis.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
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
    assertThat(redis.raw.zrange(redis.indexKey("alice"), 0, -1)).containsExactly(newKey);
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

    redis.repository.save(r.key(), new SessionDelta(Map.of("x", new byte[] {1}), Set.of(),
        redis.clock.instant(), null, null, r.expiresAt()));

    assertThat(redis.commands()).containsExactly("EVALSHA");
  }

  @Test
  void changeKeyThroughTheClusterThenThreeScriptsWhenAnonymous() {
    SessionRecord r = created(null);

    redis.repository.changeKey(r.key(), keyInAnotherSlot(r.key()));

    // mark (old slot), copy (new slot), commit (old slot); no index for an anonymous session
    assertThat(redis.commands()).filteredOn(c -> !c.equals("CLUSTER")).containsExactly("EVALSHA", "EVALSHA", "EVALSHA");
  }

  @Test
  void findByPrincipalWhenSessionsInManySlotsThenAllListed() {
    for (int i = 0; i < 10; i++) {
      created("bob");
    }

    assertThat(redis.repository.findByPrincipal("bob", redis.clock.instant())).hasSize(10);
  }

  @Test
  void memoryUsageInClusterWhenOneSmallAttributeThenAboutHalfThePeers() {
    SessionRecord r = created("carol@example.com");

    long bytes = redis.raw.memoryUsage(redis.sessionKey(r.key())) + redis.raw.memoryUsage(redis.indexKey("carol@example.com"));

    System.out.printf("MEMORY USAGE cluster, signed-in session with one small attribute + index: %d bytes%n", bytes);
    assertThat(bytes).isLessThan(HALF_THE_PEERS_BYTES);
  }

  @Test
  void idleExpiryThenSessionTtlMatchesRemainingLifetime() {
    SessionRecord r = created(null);

    assertThat(redis.raw.pttl(redis.sessionKey(r.key()))).isCloseTo(Duration.ofMinutes(30).toMillis(), within(5_000L));
  }
}

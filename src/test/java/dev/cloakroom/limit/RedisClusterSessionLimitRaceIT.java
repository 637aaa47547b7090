package dev.cloakroom.limit;

import dev.cloakroom.Internals;
import dev.cloakroom.Settings;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.RedisClusterProcess;
import dev.cloakroom.support.Services;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;

/**
 * The per-user limit under parallel sign-ins on a Redis Cluster of three masters that this class starts
 * from {@code redis-server} on free loopback ports (and stops after): the user's sessions live in
 * different slots.
 */
class RedisClusterSessionLimitRaceIT extends SessionLimitRaceContract {

  @AutoClose
  private static RedisClusterProcess cluster;

  @BeforeAll
  static void startCluster() {
    Services.requireRedisServer();
    cluster = RedisClusterProcess.start();
  }

  @Override
  protected SessionRepository openStore(FakeClock clock) {
    return Internals.openStore(Settings.builder().store(cluster.uri())
        .redisNamespace("limit-" + Long.toHexString(System.nanoTime())).clock(clock).build());
  }
}

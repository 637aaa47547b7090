package dev.cloakroom.limit;

import dev.cloakroom.Settings;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreLocator;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.Services;
import org.junit.jupiter.api.BeforeAll;

/**
 * The per-user limit under parallel sign-ins on the machine's Redis (127.0.0.1:6379), a namespace of
 * its own per test; its keys expire with the sessions.
 */
class RedisSessionLimitRaceIT extends SessionLimitRaceContract {

  @BeforeAll
  static void requireRedis() {
    Services.requireRedis();
  }

  @Override
  protected SessionRepository openStore(FakeClock clock) {
    return StoreLocator.open(Settings.builder().store("redis://" + Services.REDIS_HOST + ":" + Services.REDIS_PORT)
        .redisNamespace("limit-" + Long.toHexString(System.nanoTime())).clock(clock).build());
  }
}

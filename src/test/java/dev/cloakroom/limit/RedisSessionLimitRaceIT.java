package dev.cloakroom.limit;

import dev.cloakroom.Internals;
import dev.cloakroom.Settings;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.Services;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The per-user limit under parallel sign-ins on the machine's Redis (127.0.0.1:6379), under a namespace
 * of its own per test, whose keys are deleted after the test.
 */
class RedisSessionLimitRaceIT extends SessionLimitRaceContract {

  private String namespace;

  @BeforeAll
  static void requireRedis() {
    Services.requireRedis();
  }

  @Override
  protected SessionRepository openStore(FakeClock clock) {
    namespace = "limit-" + Long.toHexString(System.nanoTime());
    return Internals.openStore(Settings.builder().store(Services.REDIS_URL)
        .redisNamespace(namespace).clock(clock).build());
  }

  @AfterEach
  void dropNamespace() throws Exception {
    if (namespace != null) {
      Services.Resp.command(Services.REDIS_HOST, Services.REDIS_PORT, "EVAL",
          "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end", "0", namespace + ":*");
    }
  }
}

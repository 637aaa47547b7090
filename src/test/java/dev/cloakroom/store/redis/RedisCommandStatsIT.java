package dev.cloakroom.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.support.RedisProcess;
import dev.cloakroom.support.Services;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Round trips as the server counts them ({@code INFO commandstats}), on a private {@code redis-server}
 * this class starts, so no other client's commands mix in.
 */
class RedisCommandStatsIT {

  private static RedisProcess server;
  @AutoClose
  private static RedisFixture redis;

  @BeforeAll
  static void start() throws Exception {
    Services.requireRedisServer();
    server = RedisProcess.start();
    redis = RedisFixture.owning(server, server.uri(), "cloakroom-stats-it");
  }

  private SessionRecord record;

  @BeforeEach
  void createAndResetStats() {
    record = redis.record(RedisFixture.newKey(), null, Map.of("k", new byte[] {1}));
    redis.repository.create(record);
    server.command("CONFIG", "RESETSTAT"); // the test's own server; the store never sends CONFIG
  }

  /** Calls per command since the reset, as the server counts them (commands run by scripts included). */
  private static Map<String, Integer> stats() {
    String info = server.command("INFO", "commandstats");
    Map<String, Integer> out = new java.util.TreeMap<>();
    Matcher m = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)").matcher(info);
    while (m.find()) {
      if (m.group(1).startsWith("config")) {
        continue; // the test's own RESETSTAT
      }
      out.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    return out;
  }

  @Test
  void loadThenServerSeesOneHgetall() {
    redis.repository.load(record.key());

    assertThat(stats()).containsExactly(Map.entry("hgetall", 1));
  }

  @Test
  void saveThenServerSeesOneEvalshaAndOnlyItsInnerCommands() {
    redis.repository.save(record.key(), new SessionDelta(Map.of("x", new byte[] {2}), Set.of(),
        redis.clock.instant(), null, null, record.expiresAt()));

    assertThat(stats()).containsEntry("evalsha", 1).doesNotContainKeys("eval", "hgetall")
        .containsKeys("hset", "pexpire");
  }
}

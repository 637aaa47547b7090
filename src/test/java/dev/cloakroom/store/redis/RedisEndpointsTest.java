package dev.cloakroom.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.Settings;
import dev.cloakroom.SettingsException;
import dev.cloakroom.store.redis.RedisEndpoints.HostPort;
import dev.cloakroom.store.redis.RedisEndpoints.Mode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisEndpointsTest {

  @Test
  void parseWhenStandaloneThenHostPortDatabaseAndPassword() {
    RedisEndpoints e = RedisEndpoints.parse("redis://:s3cr%40t@cache.internal:6380/2");

    assertThat(e.mode()).isEqualTo(Mode.STANDALONE);
    assertThat(e.tls()).isFalse();
    assertThat(e.hosts()).containsExactly(new HostPort("cache.internal", 6380));
    assertThat(e.password()).isEqualTo("s3cr@t");
    assertThat(e.username()).isNull();
    assertThat(e.database()).isEqualTo(2);
  }

  @Test
  void parseWhenNoPortThenDefault6379() {
    assertThat(RedisEndpoints.parse("redis://localhost").hosts()).containsExactly(new HostPort("localhost", 6379));
  }

  @Test
  void parseWhenRedissThenTlsWithUserAndPassword() {
    RedisEndpoints e = RedisEndpoints.parse("rediss://app:pw@cache:6379");

    assertThat(e.tls()).isTrue();
    assertThat(e.username()).isEqualTo("app");
    assertThat(e.password()).isEqualTo("pw");
  }

  @Test
  void parseWhenSentinelThenEverySentinelAndTheMasterName() {
    RedisEndpoints e = RedisEndpoints.parse("redis-sentinel://s1,s2:26380,[::1]:26381/1#mymaster");

    assertThat(e.mode()).isEqualTo(Mode.SENTINEL);
    assertThat(e.hosts()).containsExactly(new HostPort("s1", 26379), new HostPort("s2", 26380),
        new HostPort("::1", 26381));
    assertThat(e.masterName()).isEqualTo("mymaster");
    assertThat(e.database()).isEqualTo(1);
  }

  @Test
  void parseWhenClusterThenEverySeed() {
    RedisEndpoints e = RedisEndpoints.parse("redis-cluster://10.0.0.1:7000,10.0.0.2:7001");

    assertThat(e.mode()).isEqualTo(Mode.CLUSTER);
    assertThat(e.hosts()).containsExactly(new HostPort("10.0.0.1", 7000), new HostPort("10.0.0.2", 7001));
  }

  @Test
  void toStringWhenPasswordThenMasked() {
    assertThat(RedisEndpoints.parse("rediss-cluster://app:topsecret@h1:7000,h2:7001").toString())
        .isEqualTo("rediss-cluster://app:***@h1:7000,h2:7001")
        .doesNotContain("topsecret");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "redis://a:1,b:2|one host only",
      "redis-sentinel://s1:26379|needs the master name",
      "redis://h:6379#m|only goes with redis-sentinel",
      "redis://h:99999|a port must be a number",
      "redis://h:6379/x|the database after '/' must be a number",
      "redis-cluster://h:7000/3|database 0 only",
      "redis://h:6379?timeout=5s|query options are not read",
      "redis://|a host is missing",
  })
  void parseWhenMalformedThenMessageNamesTheProblem(String uri, String problem) {
    assertThatThrownBy(() -> RedisEndpoints.parse(uri)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void parseWhenMalformedWithPasswordThenMessageDoesNotShowIt() {
    assertThatThrownBy(() -> RedisEndpoints.parse("redis://user:hunter2@h:0"))
        .message().doesNotContain("hunter2");
  }

  @Test
  void settingsWhenRedisUriAndNamespaceAndTimeoutThenAccepted() {
    Settings s = Settings.fromParams(Map.of("store", "redis-cluster://h1:7000,h2:7001",
        "redisNamespace", "shop:prod", "storeTimeout", "750ms"));

    assertThat(s.redisNamespace()).isEqualTo("shop:prod");
    assertThat(s.storeTimeout()).hasMillis(750);
  }

  @Test
  void settingsWhenStoreTimeoutAboveOneMinuteThenRejectedNamingIt() {
    assertThatThrownBy(() -> Settings.fromParams(Map.of("storeTimeout", "2m")))
        .isInstanceOf(SettingsException.class)
        .hasMessage("storeTimeout=PT2M is not accepted; it accepts a duration from 1ms to 60s, such as 500ms or 2s");
  }

  @Test
  void keysWhenNamespaceGivenThenHashTaggedLayout() {
    RedisKeys keys = new RedisKeys("shop");

    assertThat(new String(keys.session("K"))).isEqualTo("shop:s:{K}");
    assertThat(new String(keys.index("alice"))).isEqualTo("shop:i:{" + Math.floorMod("alice".hashCode(), 1024) + "}");
    assertThat(List.of("a{b", "", "x".repeat(65), "a*b")).noneMatch(RedisKeys::isNamespace);
  }

  @Test
  void bucketWhenStoreKeysAreRandomThenAboutAHundredOfAHundredThousandPerBucket() {
    int[] counts = new int[RedisKeys.BUCKETS];
    for (int i = 0; i < 100_000; i++) {
      counts[RedisKeys.bucket(RedisFixture.newKey())]++;
    }

    // evenly, 97.7 each; a listpack holds up to 128
    assertThat(java.util.Arrays.stream(counts).max().getAsInt()).isLessThanOrEqualTo(140);
    assertThat(java.util.Arrays.stream(counts).min().getAsInt()).isGreaterThanOrEqualTo(55);
  }
}

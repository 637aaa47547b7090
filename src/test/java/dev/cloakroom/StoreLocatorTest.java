package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.store.Breaker;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code store} parameter parsed once, at build, and the kind of store it names. */
class StoreLocatorTest {

  private static Settings store(String value) {
    return Settings.fromParams(Map.of("store", value));
  }

  /**
   * A {@code store} value, the kind of store it names, and the short word status and metrics show for a
   * built-in store (null for a factory, whose word comes from the store it opens).
   */
  record StoreValue(String value, StoreLocator.Kind kind, String word) {
    @Override
    public String toString() {
      return value;
    }
  }

  static Stream<StoreValue> storeValues() {
    return Stream.of(
        new StoreValue("memory", StoreLocator.Kind.MEMORY, "memory"),
        new StoreValue("redis://cache:6379/0", StoreLocator.Kind.REDIS, "redis"),
        new StoreValue("redis-cluster://h1:7000,h2:7000", StoreLocator.Kind.REDIS, "redis"),
        new StoreValue("jdbc:postgresql://db/shop", StoreLocator.Kind.JDBC_URL, "jdbc"),
        new StoreValue("java:comp/env/jdbc/sessions", StoreLocator.Kind.JNDI, "jdbc"),
        new StoreValue("com.example.ShopStoreFactory", StoreLocator.Kind.FACTORY, null));
  }

  static Stream<StoreValue> builtInStoreValues() {
    return storeValues().filter(v -> v.word() != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storeValues")
  void buildWhenStoreGivenThenParsedOnceAndKept(StoreValue store) {
    StoreLocator.Target target = store(store.value()).storeTarget();

    assertThat(target.kind()).isEqualTo(store.kind());
    assertThat(target.text()).isEqualTo(store.value());
  }

  @Test
  void buildWhenRedisStoreThenItsEndpointsKept() {
    StoreLocator.Target target = store("redis-sentinel://:pw@s1,s2:26380/1#main").storeTarget();

    assertThat(target.redis().hosts()).hasSize(2);
    assertThat(target.redis().toString()).isEqualTo("redis-sentinel://***@s1:26379,s2:26380/1#main");
  }

  @Test
  void buildWhenStoreGivenInCodeThenNothingToParse() {
    assertThat(Settings.builder().store(new MemoryRepository(10)).build().storeTarget()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "redis://a:1,b:2|one host only",
      "redis-sentinel://s1:26379|needs the master name",
      "redis://h:99999|a port must be a number",
      "redis://h:6379?timeout=5s|query options are not read"})
  void buildWhenRedisUriMalformedThenMessageNamesStoreProblemAndWhatItAccepts(String uri, String problem) {
    assertThatThrownBy(() -> store(uri)).isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("store=" + uri + " is not accepted: ")
        .hasMessageContaining(problem)
        .hasMessageEndingWith("; it accepts " + Param.STORE.accepts());
  }

  @Test
  void buildWhenRedisUriMalformedWithPasswordThenMessageMasksIt() {
    assertThatThrownBy(() -> store("redis://user:hunter2@h:0"))
        .hasMessageStartingWith("store=redis://***@h:0 is not accepted")
        .message().doesNotContain("hunter2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtInStoreValues")
  void nameWhenBuiltInStoreNamedThenShortWord(StoreValue store) {
    assertThat(StoreLocator.name(store(store.value()), new MemoryRepository(10))).isEqualTo(store.word());
  }

  @Test
  void nameWhenDataSourceGivenInCodeThenJdbc() {
    Settings s = Settings.builder().store(new org.h2.jdbcx.JdbcDataSource()).build();

    assertThat(StoreLocator.name(s, new MemoryRepository(10))).isEqualTo("jdbc");
  }

  @Test
  void nameWhenMemoryRepositoryGivenInCodeBehindTheFiltersWrappersThenMemory() {
    MemoryRepository memory = new MemoryRepository(10);
    Settings s = Settings.builder().store(memory).build();

    assertThat(StoreLocator.name(s, new Breaker(memory, new FakeClock(), 3, Duration.ofSeconds(5))))
        .isEqualTo("memory");
  }

  @Test
  void nameWhenCustomRepositoryThenItsSimpleClassName() {
    CountingRepository custom = new CountingRepository(new MemoryRepository(10));

    assertThat(StoreLocator.name(Settings.builder().store(custom).build(), custom)).isEqualTo("CountingRepository");
  }
}

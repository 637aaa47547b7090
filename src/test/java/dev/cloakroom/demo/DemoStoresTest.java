package dev.cloakroom.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher's store switch and the override descriptor it writes. */
class DemoStoresTest {

  @Test
  void unsetWhenParsedThenMemory() {
    assertThat(DemoStores.params(null)).containsExactly(Map.entry("store", "memory"));
  }

  @Test
  void redisWhenParsedThenTheLocalRedisUnderTheDemosNamespace() {
    assertThat(DemoStores.params("redis")).containsExactly(Map.entry("store", "redis://127.0.0.1:6379"),
        Map.entry("redisNamespace", "cloakroom-demo"));
  }

  @Test
  void redisUriWhenParsedThenKeptAsGiven() {
    assertThat(DemoStores.params("redis://:pw@cache:6380/2")).containsEntry("store", "redis://:pw@cache:6380/2");
  }

  @Test
  void postgresWhenParsedThenTheLocalDatabaseWithTheDemosOwnTablesCreatedWhenMissing() {
    assertThat(DemoStores.params("postgres")).containsExactly(
        Map.entry("store", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
        Map.entry("jdbcTablePrefix", "cloakroom_demo_"), Map.entry("jdbcCreateSchema", "true"));
  }

  @Test
  void unknownStoreWhenParsedThenFailsNamingTheVariableAndTheAcceptedValuesButNoPassword() {
    assertThatThrownBy(() -> DemoStores.params("mongodb://user:secret@db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CLOAKROOM_DEMO_STORE (or -Ddemo.store): unknown store \"mongodb://***@db\"; accepted: memory,"
            + " redis, postgres, a redis:// or rediss:// URI, or a jdbc:postgresql: URL");
  }

  @Test
  void overrideDescriptorWhenValuesHoldMarkupThenEscaped() {
    assertThat(DemoServer.overrideDescriptor(Map.of("store", "jdbc:postgresql://h/db?user=a&password=<x>")))
        .contains("<param-value>jdbc:postgresql://h/db?user=a&amp;password=&lt;x&gt;</param-value>")
        .contains("<filter-name>cloakroom</filter-name>");
  }
}

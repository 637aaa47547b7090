package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.store.Breaker;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Opening the JDBC store: the three doors, the schema check and creation, rows of another format. */
class JdbcStoreFactoryTest {

  private HikariDataSource h2;
  private String url;

  @BeforeEach
  void start() {
    url = "jdbc:h2:mem:factory" + Long.toHexString(new SecureRandom().nextLong()) + ";DB_CLOSE_DELAY=-1";
    h2 = new HikariDataSource();
    h2.setJdbcUrl(url);
  }

  @AfterEach
  void stop() {
    h2.close();
  }

  @Test
  void openWhenTablesMissingThenErrorNamesTheTableAndTheDdlResource() {
    Settings settings = Settings.builder().store(h2).build();

    assertThatThrownBy(() -> StoreLocator.open(settings))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("table cloakroom_sessions is missing")
        .hasMessageContaining("dev/cloakroom/jdbc/schema-h2.sql")
        .hasMessageContaining("jdbcCreateSchema=true");
  }

  @Test
  void openWhenCreateSchemaThenTablesMadeAndStoreWorks() {
    SessionRepository store = StoreLocator.open(Settings.builder().store(h2).jdbcCreateSchema(true).build());
    SessionRecord record = record();

    store.create(record);

    assertThat(store).isInstanceOf(Breaker.class);
    assertThat(store.load(record.key())).isPresent();
  }

  @Test
  void openWhenJdbcUrlThenOwnPoolOnThatDatabase() {
    SessionRepository store = StoreLocator.open(Settings.fromParams(Map.of("store", url, "jdbcCreateSchema", "true",
        "jdbcTablePrefix", "shop_")));
    try {
      store.create(record());
    } finally {
      store.close();
    }

    assertThat(count("shop_sessions")).isEqualTo(1);
  }

  @Test
  void openWhenJndiNameUnknownThenErrorNamesIt() {
    Settings settings = Settings.fromParams(Map.of("store", "java:comp/env/jdbc/nowhere"));

    assertThatThrownBy(() -> StoreLocator.open(settings))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("store=java:comp/env/jdbc/nowhere: no DataSource under that JNDI name");
  }

  @Test
  void loadWhenRowOfUnknownFormatThenAbsentNotAnError() throws Exception {
    SessionRepository store = StoreLocator.open(Settings.builder().store(h2).jdbcCreateSchema(true).build());
    SessionRecord record = record();
    store.create(record);
    try (Connection c = h2.getConnection(); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE cloakroom_sessions SET format = 2");
    }

    assertThat(store.load(record.key())).isEmpty();
  }

  /** Pools and drivers quote the URL they could not use; the container logs the whole cause chain. */
  @Test
  void openWhenUrlUnusableThenNoSecretInTheMessageNorInAnyCause() {
    String url = "jdbc:nosuchdb://app:pa/ss@word@db.example/sessions?user=app&password=hunter2&ssl=true";

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> StoreLocator.open(Settings.fromParams(Map.of("store", url))));

    assertThat(thrown).isInstanceOf(SettingsException.class);
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2").doesNotContain("pa/ss@word");
    }
    assertThat(thrown.getMessage()).contains("jdbc:nosuchdb://***@db.example/sessions?user=app&password=***&ssl=true");
  }

  private static SessionRecord record() {
    Instant now = Instant.now();
    return new SessionRecord(SessionIds.storeKey(SessionIds.generate(new SecureRandom())), now, now, null,
        Duration.ofMinutes(30), Duration.ofHours(8), null, Map.of("cart", new byte[] {1, 2}));
  }

  private int count(String table) {
    try (Connection c = h2.getConnection(); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

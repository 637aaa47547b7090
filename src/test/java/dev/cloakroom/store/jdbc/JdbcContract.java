package dev.cloakroom.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.store.RepositoryContract;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store contract on a database the subclass names: one pool for the class, and fresh tables under a
 * table prefix of the test's own, created from the shipped DDL before each test and dropped after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcContract extends RepositoryContract {

  private HikariDataSource pool;
  private JdbcRepository repository;
  private String prefix;

  /** The JDBC URL of the database under test; aborts (or, under {@code CI=true}, fails) if it is not up. */
  protected abstract String url();

  @BeforeAll
  void openPool() {
    pool = JdbcTables.pool(url());
  }

  @AfterAll
  void closePool() {
    if (pool != null) {
      pool.close();
    }
  }

  @BeforeEach
  void open() throws SQLException {
    prefix = JdbcTables.prefix("ct");
    repository = (JdbcRepository) JdbcTables.create(pool, prefix, Duration.ofSeconds(5));
  }

  @AfterEach
  void close() throws SQLException {
    if (repository != null) {
      JdbcTables.drop(pool, repository);
      repository.close();
    }
  }

  @Override
  protected SessionRepository repository() {
    return repository;
  }

  /** Sets the metadata columns of a stored session by hand, as a bad actor with database access might. */
  private void storeRaw(String key, Long idChangedAt, String network, String browser) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE " + prefix
        + "sessions SET id_changed_at = ?, client_network = ?, client_browser = ? WHERE session_key = ?")) {
      if (idChangedAt == null) {
        ps.setNull(1, java.sql.Types.BIGINT);
      } else {
        ps.setLong(1, idChangedAt);
      }
      ps.setString(2, network);
      ps.setString(3, browser);
      ps.setString(4, key);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @CsvSource({"10.1.2.3/24, Chrome 131", "203.0.113.0/24, Chrome/131.0", "203.0.113.0/24, Netscape 4",
      "203.0.113.0/24, ", ", Chrome 131", "2001:db8:1:0::/48, Chrome 131", "203.0.113.0/16, Chrome 131"})
  void loadWhenStoredClientMalformedThenClientDroppedAndSessionLoads(String network, String browser)
      throws SQLException {
    SessionRecord record = created(newPrincipal("alice"));
    storeRaw(record.key(), null, network, browser);

    SessionRecord loaded = loaded(record.key());

    assertThat(loaded.client()).isNull();
    assertThat(loaded.principal()).isEqualTo(record.principal());
  }

  @ParameterizedTest
  @ValueSource(longs = {-5, Long.MAX_VALUE})
  void loadWhenStoredIdChangeTimeOutOfRangeThenDroppedAndSessionLoads(long stored) throws SQLException {
    SessionRecord record = created(newPrincipal("alice"));
    storeRaw(record.key(), stored, null, null);

    SessionRecord loaded = loaded(record.key());

    assertThat(loaded.idChangedAt()).isNull();
    assertThat(loaded.principal()).isEqualTo(record.principal());
  }
}

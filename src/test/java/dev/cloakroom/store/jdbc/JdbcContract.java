package dev.cloakroom.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.store.RepositoryContract;
import dev.cloakroom.store.SessionRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import dev.cloakroom.store.SessionRepository;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store contract on a database the subclass names: fresh tables under a table prefix of the
 * test's own, created from the shipped DDL before each test and dropped after it.
 */
abstract class JdbcContract extends RepositoryContract {

  private static final SecureRandom RANDOM = new SecureRandom();
  private JdbcRepository repository;
  private String prefix;

  /** The database under test; shared by the tests of a class. */
  protected abstract DataSource dataSource();

  /** A pool of 8 connections on {@code url}, for a subclass's {@code @BeforeAll}. */
  static com.zaxxer.hikari.HikariDataSource pool(String url) {
    com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setMaximumPoolSize(8);
    return pool;
  }

  @BeforeEach
  void open() throws SQLException {
    prefix = "ct" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL) + "_";
    repository = (JdbcRepository) JdbcTables.create(dataSource(), prefix, Duration.ofSeconds(5));
  }

  @AfterEach
  void close() throws SQLException {
    if (repository != null) {
      JdbcTables.drop(dataSource(), repository);
      repository.close();
    }
  }

  @Override
  protected SessionRepository repository() {
    return repository;
  }

  /** Sets the metadata columns of a stored session by hand, as a bad actor with database access might. */
  private void storeRaw(String key, Long idChangedAt, String network, String browser) throws SQLException {
    try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE " + prefix
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

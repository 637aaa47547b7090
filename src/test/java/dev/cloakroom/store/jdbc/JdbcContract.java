package dev.cloakroom.store.jdbc;

import dev.cloakroom.store.RepositoryContract;
import dev.cloakroom.store.SessionRepository;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

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
    repository = JdbcTables.create(dataSource(), prefix, Duration.ofSeconds(5));
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
}

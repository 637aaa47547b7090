package dev.cloakroom.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.store.SessionRepository;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/** A pool on a test database, a test's own tables from the shipped DDL, and their removal after. */
public final class JdbcTables {

  private static final SecureRandom RANDOM = new SecureRandom();

  private JdbcTables() {}

  /** A pool of 8 connections on {@code url}; the caller closes it. */
  public static HikariDataSource pool(String url) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setMaximumPoolSize(8);
    return pool;
  }

  /** A table prefix of this test's own: {@code word}, eight random hex digits and {@code _}. */
  public static String prefix(String word) {
    return word + Long.toHexString(RANDOM.nextLong() & 0xffffffffL) + "_";
  }

  /** Creates the tables under {@code prefix} and opens a repository on them. */
  public static SessionRepository create(DataSource dataSource, String prefix, Duration timeout) throws SQLException {
    SqlDialect dialect;
    try (Connection c = dataSource.getConnection()) {
      dialect = SqlDialect.of(c.getMetaData().getDatabaseProductName());
      JdbcStoreFactory.createSchema(c, dialect, prefix);
    }
    return new JdbcRepository(dataSource, dialect, prefix, timeout, null);
  }

  /** Drops the repository's tables (children first). */
  public static void drop(DataSource dataSource, SessionRepository repository) throws SQLException {
    List<String> tables = ((JdbcRepository) repository).tables();
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + tables.get(1));
      st.execute("DROP TABLE IF EXISTS " + tables.get(2));
      st.execute("DROP TABLE IF EXISTS " + tables.get(0));
    }
  }
}

package dev.cloakroom.store.jdbc;

import dev.cloakroom.store.SessionRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/** Creates a test's tables from the shipped DDL, and drops them after. */
public final class JdbcTables {

  private JdbcTables() {}

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

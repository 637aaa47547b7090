package dev.cloakroom.store.jdbc;

import dev.cloakroom.store.SessionRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the JDBC store on a {@code DataSource} (a container's pool, or one the app built) or on a
 * {@code jdbc:} URL (a small HikariCP pool of its own, closed with the store). At start-up it finds the
 * database's dialect, creates the tables when asked to, and checks that the tables exist with the
 * columns this version reads: a missing table fails with a message naming the table and the DDL resource
 * to run.
 *
 * <p>Not API: the filter's door to this package. Its messages may quote what a driver said, URL and
 * password included: the filter hides the {@code store} value's secrets before any message leaves it.
 */
public final class JdbcStoreFactory {

  private static final Logger log = LoggerFactory.getLogger(JdbcStoreFactory.class);

  private JdbcStoreFactory() {}

  /**
   * Opens the store on {@code dataSource}, which it does not close.
   *
   * @param prefix       the table name prefix
   * @param createSchema whether to create missing tables from the shipped DDL
   * @param timeout      the statement timeout
   * @throws IllegalStateException saying what is wrong with the database or its tables
   */
  public static SessionRepository open(DataSource dataSource, String prefix, boolean createSchema, Duration timeout) {
    return open(dataSource, prefix, createSchema, timeout, null);
  }

  /**
   * Opens the store on a pool of its own for {@code url} (HikariCP must be on the class path), closed with
   * the store.
   *
   * @throws IllegalStateException saying what is wrong with the URL, the database or its tables
   */
  public static SessionRepository open(String url, String prefix, boolean createSchema, Duration timeout) {
    JdbcPool pool = JdbcPool.open(url, timeout);
    try {
      return open(pool.dataSource(), prefix, createSchema, timeout, pool);
    } catch (RuntimeException e) {
      close(pool);
      throw e;
    }
  }

  private static JdbcRepository open(DataSource dataSource, String prefix, boolean createSchema, Duration timeout,
      AutoCloseable owned) {
    SqlDialect dialect;
    try (Connection c = dataSource.getConnection()) {
      dialect = SqlDialect.of(c.getMetaData().getDatabaseProductName());
      if (createSchema) {
        createSchema(c, dialect, prefix);
      }
      checkSchema(c, dialect, prefix);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
    }
    log.info("jdbc store opened dialect={} tables={}sessions,{}attributes,{}moves", dialect, prefix, prefix, prefix);
    return new JdbcRepository(dataSource, dialect, prefix, timeout, owned);
  }

  /** Runs the shipped DDL (every statement is {@code CREATE ... IF NOT EXISTS}). */
  static void createSchema(Connection c, SqlDialect dialect, String prefix) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String statement : stripComments(ddl(dialect, prefix)).split(";")) {
        if (!statement.isBlank()) {
          st.execute(statement.trim());
        }
      }
    }
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  /** The DDL of {@code dialect} with {@code prefix} in place. */
  static String ddl(SqlDialect dialect, String prefix) {
    try (InputStream in = JdbcStoreFactory.class.getClassLoader().getResourceAsStream(dialect.schemaResource())) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + dialect.schemaResource());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${prefix}", prefix);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + dialect.schemaResource(), e);
    }
  }

  private static String stripComments(String sql) {
    return sql.lines().filter(line -> !line.trim().startsWith("--")).collect(Collectors.joining("\n")).trim();
  }

  private static void checkSchema(Connection c, SqlDialect dialect, String prefix) {
    String[][] tables = {
        {prefix + "sessions", "row_id, session_key, format, created_at, last_access, authenticated_at, idle_ms,"
            + " absolute_ms, expires_at, principal, id_changed_at, client_network, client_browser"},
        {prefix + "attributes", "row_id, attr_name, attr_value"},
        {prefix + "moves", "old_key, new_key, until_ms"}};
    for (String[] table : tables) {
      try (Statement st = c.createStatement()) {
        st.executeQuery("SELECT " + table[1] + " FROM " + table[0] + " WHERE 1 = 0").close();
      } catch (SQLException e) {
        throw new IllegalStateException("the JDBC store's table " + table[0]
            + " is missing or lacks columns (" + e.getMessage().lines().findFirst().orElse("") + "); create the"
            + " tables with the DDL in the resource " + dialect.schemaResource() + " (replace ${prefix} with "
            + prefix + "), or set jdbcCreateSchema=true", e);
      }
    }
  }

  private static void close(AutoCloseable owned) {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        log.debug("jdbc pool close failed: {}", e.toString());
      }
    }
  }
}

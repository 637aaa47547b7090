package dev.cloakroom.store.jdbc;

import dev.cloakroom.Param;
import dev.cloakroom.Settings;
import dev.cloakroom.SettingsException;
import dev.cloakroom.store.Breaker;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreFactory;
import dev.cloakroom.store.StoreLocator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the JDBC store: on a {@code jdbc:} URL (a small HikariCP pool the filter owns and closes), on
 * the JNDI name of a container-managed {@code DataSource}, or on a {@code DataSource} given in code;
 * behind a {@link Breaker}. At start-up it finds the database's dialect, creates the tables when
 * {@code jdbcCreateSchema=true}, and checks that the tables exist with the columns this version
 * reads: a missing table fails the filter's {@code init} with a message naming the table and the DDL
 * resource to run.
 *
 * @since 0.2
 */
public final class JdbcStoreFactory implements StoreFactory {

  private static final Logger log = LoggerFactory.getLogger(JdbcStoreFactory.class);

  /** For {@link StoreLocator}. */
  public JdbcStoreFactory() {}

  @Override
  public SessionRepository open(Settings settings) {
    DataSource dataSource = settings.dataSource();
    AutoCloseable owned = null;
    String store = settings.store();
    if (dataSource == null && store.startsWith("jdbc:")) {
      requireHikari(store);
      JdbcPool pool = JdbcPool.open(store, settings.storeTimeout());
      dataSource = pool.dataSource();
      owned = pool;
    } else if (dataSource == null) {
      dataSource = lookup(store);
    }
    try {
      JdbcRepository repository = open(dataSource, settings.jdbcTablePrefix(), settings.jdbcCreateSchema(),
          settings, owned, store);
      return new Breaker(repository, settings.clock(), Breaker.DEFAULT_THRESHOLD, Breaker.DEFAULT_COOL_DOWN);
    } catch (RuntimeException e) {
      close(owned);
      throw e;
    }
  }

  private static JdbcRepository open(DataSource dataSource, String prefix, boolean createSchema, Settings settings,
      AutoCloseable owned, String store) {
    SqlDialect dialect;
    try (Connection c = dataSource.getConnection()) {
      dialect = SqlDialect.of(c.getMetaData().getDatabaseProductName());
      if (createSchema) {
        createSchema(c, dialect, prefix);
      }
      checkSchema(c, dialect, prefix);
    } catch (SQLException e) {
      throw new SettingsException(Param.STORE.key() + ": cannot reach the database: "
          + StoreLocator.maskIn(e.getMessage(), store), scrubbed(e, store));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(Param.STORE.key() + ": " + e.getMessage(), e);
    }
    log.info("jdbc store opened dialect={} tables={}sessions,{}attributes,{}moves", dialect, prefix, prefix, prefix);
    return new JdbcRepository(dataSource, dialect, prefix, settings.storeTimeout(), owned);
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
  public static String ddl(SqlDialect dialect, String prefix) {
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
    StringBuilder out = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (!line.trim().startsWith("--")) {
        out.append(line).append('\n');
      }
    }
    return out.toString().trim();
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
        throw new SettingsException(Param.STORE.key() + ": the JDBC store's table " + table[0]
            + " is missing or lacks columns (" + e.getMessage().lines().findFirst().orElse("") + "); create the"
            + " tables with the DDL in the resource " + dialect.schemaResource() + " (replace ${prefix} with "
            + prefix + "), or set " + Param.JDBC_CREATE_SCHEMA.key() + "=true", e);
      }
    }
  }

  private static DataSource lookup(String name) {
    try {
      Object found = new javax.naming.InitialContext().lookup(name);
      if (found instanceof DataSource ds) {
        return ds;
      }
      throw new SettingsException(Param.STORE.key() + "=" + name + " names a "
          + (found == null ? "null" : found.getClass().getName()) + ", not a javax.sql.DataSource");
    } catch (javax.naming.NamingException e) {
      throw new SettingsException(Param.STORE.key() + "=" + name + ": no DataSource under that JNDI name ("
          + e.getMessage() + "); declare it as a resource of the application", e);
    }
  }

  /** Checks for HikariCP without linking {@link JdbcPool}, which needs it. */
  private static void requireHikari(String url) {
    try {
      Class.forName("com.zaxxer.hikari.HikariDataSource", false, JdbcStoreFactory.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SettingsException(Param.STORE.key() + "=" + StoreLocator.mask(url) + " needs com.zaxxer:HikariCP"
          + " on the class path (an optional dependency of Cloakroom), or give a DataSource: a JNDI name or"
          + " Settings.Builder.store(DataSource)", e);
    }
  }

  /**
   * A copy of {@code e} and its causes whose messages hide the secrets of {@code store}: drivers and
   * pools quote the URL they were given, password included, and the container logs the whole chain.
   */
  static Throwable scrubbed(Throwable e, String store) {
    if (e == null) {
      return null;
    }
    RuntimeException copy = new RuntimeException(e.getClass().getName() + ": "
        + StoreLocator.maskIn(e.getMessage(), store), scrubbed(e.getCause() == e ? null : e.getCause(), store));
    copy.setStackTrace(e.getStackTrace());
    return copy;
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

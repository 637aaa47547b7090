package dev.cloakroom.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The small HikariCP pool the filter owns for a {@code jdbc:} URL store. Loaded only for such a URL, so
 * HikariCP stays an optional dependency. Credentials come in the URL ({@code user=} and
 * {@code password=}): a failure's message may quote it, and the filter masks it before it leaves.
 *
 * <p>Timeouts follow {@code storeTimeout}: getting a connection, validating it, and the driver's socket
 * read timeout (PostgreSQL and MySQL/MariaDB drivers), so a database that stops answering makes
 * requests fail fast (503) rather than hang.
 */
final class JdbcPool implements AutoCloseable {

  /** Most connections the pool opens; a session request holds one for one short transaction. */
  static final int MAX_SIZE = 10;

  private final HikariDataSource dataSource;

  private JdbcPool(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  static JdbcPool open(String url, Duration timeout) {
    long millis = Math.max(250, timeout.toMillis());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("cloakroom");
    config.setMaximumPoolSize(MAX_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(millis);
    config.setValidationTimeout(Math.max(250, Math.min(millis, 5000)));
    config.setInitializationFailTimeout(millis);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED"); // no gap locks on InnoDB
    String lower = url.toLowerCase(Locale.ROOT);
    long seconds = (millis + 999) / 1000 + 1;
    if (lower.startsWith("jdbc:postgresql:")) {
      config.addDataSourceProperty("socketTimeout", String.valueOf(seconds));
      config.addDataSourceProperty("connectTimeout", String.valueOf(seconds));
    } else if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
      config.addDataSourceProperty("socketTimeout", String.valueOf(seconds * 1000));
      config.addDataSourceProperty("connectTimeout", String.valueOf(seconds * 1000));
    }
    try {
      return new JdbcPool(new HikariDataSource(config));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot open a connection pool: " + e.getMessage(), e);
    }
  }

  DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}

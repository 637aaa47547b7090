package dev.cloakroom.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.support.Services;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on the machine's PostgreSQL (database {@code test}). */
class PostgresJdbcRepositoryIT extends JdbcContract {

  private static HikariDataSource pool;

  @BeforeAll
  static void start() {
    Services.requirePostgres();
    pool = pool(Services.POSTGRES_URL);
  }

  @AfterAll
  static void stop() {
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  protected DataSource dataSource() {
    return pool;
  }
}

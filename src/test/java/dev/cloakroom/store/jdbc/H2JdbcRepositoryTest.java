package dev.cloakroom.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on embedded H2, so it runs on a machine with no database server. */
class H2JdbcRepositoryTest extends JdbcContract {

  private static HikariDataSource pool;

  @BeforeAll
  static void start() {
    pool = pool("jdbc:h2:mem:contract;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @Override
  protected DataSource dataSource() {
    return pool;
  }
}

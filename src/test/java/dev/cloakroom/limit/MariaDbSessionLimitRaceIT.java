package dev.cloakroom.limit;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.jdbc.JdbcTables;
import dev.cloakroom.support.Services;
import dev.cloakroom.support.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;

/** The per-user limit under parallel sign-ins on the JDBC store, on the machine's MariaDB. */
class MariaDbSessionLimitRaceIT extends SessionLimitRaceContract {

  private HikariDataSource pool;
  private SessionRepository repository;

  @BeforeAll
  static void requireDatabase() {
    Services.requireMariaDb();
  }

  @Override
  protected SessionRepository openStore(FakeClock clock) throws Exception {
    pool = new HikariDataSource();
    pool.setJdbcUrl(Services.MARIADB_URL);
    pool.setMaximumPoolSize(8);
    repository = JdbcTables.create(pool, "limit" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_",
        Duration.ofSeconds(10));
    return repository;
  }

  @Override
  protected void closeStore() throws Exception {
    if (repository != null) {
      JdbcTables.drop(pool, repository);
    }
    if (pool != null) {
      pool.close();
    }
  }
}

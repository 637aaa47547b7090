package dev.cloakroom.limit;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.jdbc.JdbcTables;
import dev.cloakroom.support.FakeClock;
import java.time.Duration;

/** The per-user limit under parallel sign-ins on the JDBC store, on embedded H2. */
class H2SessionLimitRaceTest extends SessionLimitRaceContract {

  private HikariDataSource pool;
  private SessionRepository repository;

  @Override
  protected SessionRepository openStore(FakeClock clock) throws Exception {
    pool = new HikariDataSource();
    pool.setJdbcUrl("jdbc:h2:mem:limit;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    pool.setMaximumPoolSize(8);
    repository = JdbcTables.create(pool, "limit_", Duration.ofSeconds(10));
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

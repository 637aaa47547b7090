package dev.cloakroom.limit;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.jdbc.JdbcTables;
import dev.cloakroom.support.FakeClock;
import java.time.Duration;

/** The per-user limit under parallel sign-ins on the JDBC store, on a database the subclass names. */
abstract class JdbcSessionLimitRace extends SessionLimitRaceContract {

  private HikariDataSource pool;
  private SessionRepository repository;

  /** The JDBC URL of the database under test; aborts (or, under {@code CI=true}, fails) if it is not up. */
  protected abstract String url();

  @Override
  protected SessionRepository openStore(FakeClock clock) throws Exception {
    pool = JdbcTables.pool(url());
    repository = JdbcTables.create(pool, JdbcTables.prefix("limit"), Duration.ofSeconds(10));
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

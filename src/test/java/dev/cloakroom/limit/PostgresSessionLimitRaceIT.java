package dev.cloakroom.limit;

import dev.cloakroom.support.Services;

/** The per-user limit under parallel sign-ins on the JDBC store, on the machine's PostgreSQL. */
class PostgresSessionLimitRaceIT extends JdbcSessionLimitRace {

  @Override
  protected String url() {
    Services.requirePostgres();
    return Services.POSTGRES_URL;
  }
}

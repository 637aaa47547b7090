package dev.cloakroom.limit;

import dev.cloakroom.support.Services;

/** The per-user limit under parallel sign-ins on the JDBC store, on the machine's MariaDB. */
class MariaDbSessionLimitRaceIT extends JdbcSessionLimitRace {

  @Override
  protected String url() {
    Services.requireMariaDb();
    return Services.MARIADB_URL;
  }
}

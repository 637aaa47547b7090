package dev.cloakroom.limit;

/** The per-user limit under parallel sign-ins on the JDBC store, on embedded H2. */
class H2SessionLimitRaceTest extends JdbcSessionLimitRace {

  @Override
  protected String url() {
    return "jdbc:h2:mem:limit;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
  }
}

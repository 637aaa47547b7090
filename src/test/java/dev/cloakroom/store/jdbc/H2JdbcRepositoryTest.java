package dev.cloakroom.store.jdbc;

/** The store contract on embedded H2, so it runs on a machine with no database server. */
class H2JdbcRepositoryTest extends JdbcContract {

  @Override
  protected String url() {
    return "jdbc:h2:mem:contract;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
  }
}

package dev.cloakroom.store.jdbc;

import dev.cloakroom.support.Services;

/** The store contract on the machine's MariaDB (database {@code test}). */
class MariaDbJdbcRepositoryIT extends JdbcContract {

  @Override
  protected String url() {
    Services.requireMariaDb();
    return Services.MARIADB_URL;
  }
}

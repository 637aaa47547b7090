package dev.cloakroom.store.jdbc;

import dev.cloakroom.support.Services;

/** The store contract on the machine's PostgreSQL (database {@code test}). */
class PostgresJdbcRepositoryIT extends JdbcContract {

  @Override
  protected String url() {
    Services.requirePostgres();
    return Services.POSTGRES_URL;
  }
}

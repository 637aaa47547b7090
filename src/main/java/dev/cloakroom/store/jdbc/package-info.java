/**
 * The JDBC store: PostgreSQL, MySQL/MariaDB and H2, on a {@code DataSource} or a small HikariCP pool of its
 * own (HikariCP is an optional dependency: only this package refers to it).
 *
 * <p><b>No API.</b> {@link dev.cloakroom.store.jdbc.JdbcStoreFactory#open} is public as the filter's door;
 * the repository, the dialects and the row mapping are package-private. The shipped DDL is in the
 * resources {@code dev/cloakroom/jdbc/schema-<database>.sql}.
 *
 * @since 0.2
 */
package dev.cloakroom.store.jdbc;

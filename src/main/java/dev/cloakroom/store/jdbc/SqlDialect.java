package dev.cloakroom.store.jdbc;

import java.util.Locale;

/**
 * What differs between the databases the JDBC store supports: the upsert of one attribute, the row
 * limit of the sweep's locking select, and the shipped DDL.
 */
enum SqlDialect {
  /** PostgreSQL 12 or later. */
  POSTGRESQL,
  /** MySQL 8.0 or later, and MariaDB 10.6 or later (both need {@code SKIP LOCKED}). */
  MYSQL,
  /** H2 2.2 or later. */
  H2;

  /**
   * The classpath resource holding this database's DDL, with {@code ${prefix}} for the table prefix:
   * {@code schema-} and the dialect's name in lower case.
   */
  String schemaResource() {
    return "dev/cloakroom/jdbc/schema-" + name().toLowerCase(Locale.ROOT) + ".sql";
  }

  /**
   * The dialect of a database, from {@code DatabaseMetaData.getDatabaseProductName()}.
   *
   * @throws IllegalArgumentException for a database the store does not support, naming it
   */
  static SqlDialect of(String productName) {
    String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.contains("mysql") || p.contains("mariadb")) {
      return MYSQL;
    }
    if (p.equals("h2")) {
      return H2;
    }
    throw new IllegalArgumentException("the JDBC store supports PostgreSQL, MySQL, MariaDB and H2, not "
        + productName);
  }

  /** Inserts or replaces one attribute of the session whose key is the third parameter. */
  String upsertAttribute(String attributes, String sessions) {
    String select = " SELECT row_id, ?, ? FROM " + sessions + " WHERE session_key = ?";
    return switch (this) {
      case POSTGRESQL -> "INSERT INTO " + attributes + " (row_id, attr_name, attr_value)" + select
          + " ON CONFLICT (row_id, attr_name) DO UPDATE SET attr_value = EXCLUDED.attr_value";
      case MYSQL -> "INSERT INTO " + attributes + " (row_id, attr_name, attr_value)" + select
          + " ON DUPLICATE KEY UPDATE attr_value = VALUES(attr_value)";
      case H2 -> "MERGE INTO " + attributes + " (row_id, attr_name, attr_value) KEY (row_id, attr_name)" + select;
    };
  }

  /** Deletes at most {@code ?} (the second parameter) moved marks due at {@code ?} (the first). */
  String deleteDueMoves(String moves) {
    return switch (this) {
      case POSTGRESQL, H2 -> "DELETE FROM " + moves + " WHERE old_key IN (SELECT old_key FROM " + moves
          + " WHERE until_ms <= ? FETCH FIRST ? ROWS ONLY)";
      case MYSQL -> "DELETE FROM " + moves + " WHERE until_ms <= ? LIMIT ?";
    };
  }

  /** The end of the sweep's select: at most {@code ?} rows, locked, skipping rows others hold. */
  String limitSkipLocked() {
    return switch (this) {
      case POSTGRESQL, H2 -> " FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";
      case MYSQL -> " LIMIT ? FOR UPDATE SKIP LOCKED";
    };
  }
}

-- Cloakroom session tables for MySQL 8 and MariaDB 10.6+ (InnoDB). ${prefix} is the jdbcTablePrefix
-- parameter (default cloakroom_). Times are epoch milliseconds; session_key is the base64url SHA-256 of
-- the session id (never the id), compared case-sensitively (ascii_bin). id_changed_at, client_network and
-- client_browser are metadata: when the id last changed (null if never) and the coarse client
-- fingerprint taken at sign-in (null if none). row_id is the stable row key: an
-- id change updates session_key in one row and never rewrites attributes.
CREATE TABLE IF NOT EXISTS ${prefix}sessions (
  row_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  session_key VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  format SMALLINT NOT NULL,
  created_at BIGINT NOT NULL,
  last_access BIGINT NOT NULL,
  authenticated_at BIGINT NULL,
  idle_ms BIGINT NOT NULL,
  absolute_ms BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  principal VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  id_changed_at BIGINT NULL,
  client_network VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  client_browser VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
  UNIQUE KEY ${prefix}sessions_key (session_key),
  KEY ${prefix}sessions_principal (principal),
  KEY ${prefix}sessions_expires (expires_at)
) ENGINE=InnoDB;
CREATE TABLE IF NOT EXISTS ${prefix}attributes (
  row_id BIGINT NOT NULL,
  attr_name VARCHAR(256) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  attr_value LONGBLOB NOT NULL,
  PRIMARY KEY (row_id, attr_name),
  CONSTRAINT ${prefix}attributes_session FOREIGN KEY (row_id) REFERENCES ${prefix}sessions (row_id) ON DELETE CASCADE
) ENGINE=InnoDB;
CREATE TABLE IF NOT EXISTS ${prefix}moves (
  old_key VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  new_key VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  until_ms BIGINT NOT NULL,
  KEY ${prefix}moves_until (until_ms)
) ENGINE=InnoDB;

package dev.cloakroom.store.jdbc;

import dev.cloakroom.store.ClientFingerprint;
import dev.cloakroom.store.SessionRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session rows, and the attribute rows joined to them, into {@link SessionRecord}s.
 *
 * <p>A row carries the {@code format} of the code that wrote it. A row of a format this version does
 * not know (written by a newer version sharing the database) is not a session to this version: it
 * is skipped with one WARN, so a request gets a fresh session instead of an error on every request,
 * and the row is left for its writer.
 */
final class JdbcRows {

  /** The row format this version writes and reads. */
  static final int FORMAT = 1;

  /** The session columns, in the order {@link #header} reads them, for a table aliased {@code s}. */
  static final String SESSION_COLUMNS =
      "s.row_id, s.session_key, s.format, s.created_at, s.last_access, s.authenticated_at, s.idle_ms,"
          + " s.absolute_ms, s.principal, s.id_changed_at, s.client_network, s.client_browser";
  /** The column of the attribute name after {@link #SESSION_COLUMNS}; the value follows it. */
  private static final int ATTRIBUTE_NAME = 13;

  private static final Logger log = LoggerFactory.getLogger(JdbcRows.class);
  private static final AtomicBoolean FORMAT_WARNED = new AtomicBoolean();

  private JdbcRows() {}

  /** A session row without attributes; its row id. */
  record Row(long rowId, SessionRecord record) {}

  /**
   * Reads session rows joined with their attribute rows ({@link #SESSION_COLUMNS}, then
   * {@code a.attr_name, a.attr_value}), grouped by row id; the rows of one session must be adjacent.
   */
  static List<SessionRecord> joined(ResultSet rs) throws SQLException {
    List<SessionRecord> out = new ArrayList<>();
    long current = Long.MIN_VALUE;
    SessionRecord header = null;
    Map<String, byte[]> attributes = null;
    boolean skip = false;
    while (rs.next()) {
      long rowId = rs.getLong(1);
      if (rowId != current) {
        if (header != null && !skip) {
          out.add(withAttributes(header, attributes));
        }
        current = rowId;
        skip = !known(rs.getInt(3));
        header = skip ? null : header(rs);
        attributes = new LinkedHashMap<>();
      }
      String name = rs.getString(ATTRIBUTE_NAME);
      if (name != null && !skip) {
        attributes.put(name, rs.getBytes(ATTRIBUTE_NAME + 1));
      }
    }
    if (header != null && !skip) {
      out.add(withAttributes(header, attributes));
    }
    return out;
  }

  /** Reads session rows only ({@link #SESSION_COLUMNS}); rows of an unknown format are left out. */
  static List<Row> headers(ResultSet rs) throws SQLException {
    List<Row> out = new ArrayList<>();
    while (rs.next()) {
      if (known(rs.getInt(3))) {
        out.add(new Row(rs.getLong(1), header(rs)));
      }
    }
    return out;
  }

  static SessionRecord withAttributes(SessionRecord r, Map<String, byte[]> attributes) {
    return new SessionRecord(r.key(), r.createdAt(), r.lastAccessedAt(), r.authenticatedAt(), r.idleTimeout(),
        r.absoluteTimeout(), r.principal(), attributes).withMetadata(r.idChangedAt(), r.client());
  }

  private static SessionRecord header(ResultSet rs) throws SQLException {
    long authenticated = rs.getLong(6);
    boolean anonymous = rs.wasNull();
    SessionRecord r = new SessionRecord(rs.getString(2), Instant.ofEpochMilli(rs.getLong(4)),
        Instant.ofEpochMilli(rs.getLong(5)), anonymous ? null : Instant.ofEpochMilli(authenticated),
        Duration.ofMillis(rs.getLong(7)), Duration.ofMillis(rs.getLong(8)), rs.getString(9), Map.of());
    long idChanged = rs.getLong(10);
    boolean neverChanged = rs.wasNull();
    // metadata read back is untrusted: a value out of range or of another shape is dropped, never an error
    Instant changedAt = neverChanged || idChanged < 0 || idChanged > MAX_EPOCH_MILLIS ? null
        : Instant.ofEpochMilli(idChanged);
    ClientFingerprint client = ClientFingerprint.parse(rs.getString(11), rs.getString(12)).orElse(null);
    return changedAt == null && client == null ? r : r.withMetadata(changedAt, client);
  }

  /** The last millisecond a stored instant may name: the year 9999. */
  private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

  private static boolean known(int format) {
    if (format == FORMAT) {
      return true;
    }
    if (FORMAT_WARNED.compareAndSet(false, true)) {
      log.warn("session row skipped reason=unknown-format format={} known={}: written by another version of"
          + " Cloakroom sharing this database; such sessions are absent to this version", format, FORMAT);
    } else {
      log.debug("session row skipped reason=unknown-format format={}", format);
    }
    return false;
  }
}

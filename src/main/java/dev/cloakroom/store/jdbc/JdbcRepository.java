package dev.cloakroom.store.jdbc;

import dev.cloakroom.store.ClientFingerprint;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreException;
import dev.cloakroom.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in a relational database (PostgreSQL, MySQL/MariaDB, H2) over a plain {@link DataSource}.
 * Tables: {@code <prefix>sessions} (one row per session; {@code row_id} is a stable row key beside the
 * mutable {@code session_key}), {@code <prefix>attributes} (one row per attribute, so deltas on
 * different attributes of one session both land), {@code <prefix>moves} (the moved marks of id changes).
 * The DDL ships as {@link SqlDialect#schemaResource()}.
 *
 * <h2>Statements</h2>
 * {@code load} is one query (the session row joined with its attribute rows). {@code save} is one
 * transaction: an {@code UPDATE} of the session row (which also tells whether the session still exists
 * and locks it), one batch of upserts and one batch of deletes, only for what the delta holds. An id
 * change is one transaction of an {@code UPDATE} and an {@code INSERT} of the moved mark. Last access
 * and the {@code expires_at} cleanup column only move forward ({@code GREATEST}), unless the delta
 * changes the idle timeout or the authentication.
 *
 * <h2>Cleanup</h2>
 * {@link #removeExpired} selects due sessions {@code FOR UPDATE SKIP LOCKED} in a bounded batch,
 * re-checks each against its own fields, deletes them and returns them, in one transaction. Row locks
 * make each expired session go to exactly one caller (a node's sweep, or a request that found it
 * expired and deleted it), and {@code SKIP LOCKED} means a sweep never waits for a live request or for
 * another node's sweep: no deadlock and no double {@code sessionDestroyed}, while several nodes share
 * the work instead of queueing behind one lock holder. Transactions run at the pool's isolation
 * level: READ COMMITTED is recommended (no gap locks on InnoDB) and is what the pool the store opens
 * for a {@code jdbc:} URL uses; each is retried up to five times on a deadlock or serialization failure
 * (InnoDB resolves a lock-order conflict between a secondary-key and a primary-key lookup by rolling
 * one back). The isolation level is not set per transaction: drivers answer it with a round trip.
 *
 * <p>Thread-safe: it holds only the data source. Failures to reach the database (connection errors,
 * pool or query timeouts, SQLState class 08) become {@link StoreUnavailableException}; others
 * {@link StoreException}. Every statement has a query timeout of {@code timeout}, rounded up to whole
 * seconds.
 */
final class JdbcRepository implements SessionRepository {

  private static final Logger log = LoggerFactory.getLogger(JdbcRepository.class);
  private static final int MAX_HOPS = 16;
  private static final int RETRIES = 5;

  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final int timeoutSeconds;
  private final AutoCloseable resources;
  private final String sessions;
  private final String attributes;
  private final String moves;
  private final String loadSql;
  private final String upsertSql;
  private final String removeSql;

  /**
   * @param dataSource  where connections come from; not null
   * @param dialect     the database's dialect
   * @param tablePrefix prefix of the three table names (checked by the settings: letters, digits, _)
   * @param timeout     the query timeout of every statement
   * @param resources   closed by {@link #close()} (a pool the store opened), or null
   */
  JdbcRepository(DataSource dataSource, SqlDialect dialect, String tablePrefix, Duration timeout,
      AutoCloseable resources) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    this.resources = resources;
    this.sessions = tablePrefix + "sessions";
    this.attributes = tablePrefix + "attributes";
    this.moves = tablePrefix + "moves";
    this.loadSql = "SELECT " + JdbcRows.SESSION_COLUMNS + ", a.attr_name, a.attr_value FROM " + sessions + " s LEFT JOIN "
        + attributes + " a ON a.row_id = s.row_id WHERE s.session_key = ?";
    this.upsertSql = dialect.upsertAttribute(attributes, sessions);
    this.removeSql = "DELETE FROM " + attributes + " WHERE row_id = (SELECT row_id FROM " + sessions
        + " WHERE session_key = ?) AND attr_name = ?";
  }

  /** The names of the three tables, for start-up checks and messages. */
  List<String> tables() {
    return List.of(sessions, attributes, moves);
  }

  @Override
  public Optional<SessionRecord> load(String key) {
    return work("load", false, c -> {
      try (PreparedStatement ps = prepare(c, loadSql, key)) {
        try (ResultSet rs = ps.executeQuery()) {
          List<SessionRecord> found = JdbcRows.joined(rs);
          return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
      }
    });
  }

  @Override
  public void create(SessionRecord r) {
    work("create", true, c -> {
      try (PreparedStatement ps = prepare(c, "INSERT INTO " + sessions + " (session_key, format, created_at,"
          + " last_access, authenticated_at, idle_ms, absolute_ms, expires_at, principal, id_changed_at,"
          + " client_network, client_browser) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.key(), JdbcRows.FORMAT,
          r.createdAt(), r.lastAccessedAt(), r.authenticatedAt(), r.idleTimeout(), r.absoluteTimeout(), r.expiresAt(),
          r.principal(), r.idChangedAt(), r.client() == null ? null : r.client().network(),
          r.client() == null ? null : r.client().browser())) {
        ps.executeUpdate();
      } catch (SQLException e) {
        throw keyInUse(e);
      }
      upsert(c, r.key(), r.attributes());
      return null;
    });
  }

  @Override
  public boolean save(String key, SessionDelta d) {
    StringBuilder sql = new StringBuilder("UPDATE ").append(sessions).append(" SET ");
    List<Object> args = new ArrayList<>();
    if (d.lastAccessedAt() != null) {
      sql.append("last_access = GREATEST(last_access, ?), ");
      args.add(d.lastAccessedAt());
    }
    boolean anyDirection = d.idleTimeout() != null || d.authentication() != null;
    sql.append(anyDirection ? "expires_at = ?" : "expires_at = GREATEST(expires_at, ?)");
    args.add(d.expiresAt());
    if (d.idleTimeout() != null) {
      sql.append(", idle_ms = ?");
      args.add(d.idleTimeout());
    }
    if (d.authentication() != null) {
      sql.append(", authenticated_at = ?, principal = ?, client_network = ?, client_browser = ?");
      args.add(d.authentication().authenticatedAt());
      args.add(d.authentication().principal());
      ClientFingerprint client = d.authentication().client();
      args.add(client == null ? null : client.network());
      args.add(client == null ? null : client.browser());
    }
    sql.append(" WHERE session_key = ?");
    args.add(key);
    return work("save", true, c -> {
      try (PreparedStatement ps = prepare(c, sql.toString(), args.toArray())) {
        if (ps.executeUpdate() == 0) {
          return false; // gone, or moved away: a delta never resurrects a session
        }
      }
      upsert(c, key, d.changed());
      if (!d.removed().isEmpty()) {
        try (PreparedStatement ps = prepare(c, removeSql)) {
          for (String name : d.removed()) {
            bind(ps, key, name);
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      return true;
    });
  }

  private void upsert(Connection c, String key, Map<String, byte[]> values) throws SQLException {
    if (values.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = prepare(c, upsertSql)) {
      for (Map.Entry<String, byte[]> e : values.entrySet()) {
        bind(ps, e.getKey(), e.getValue(), key);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public boolean changeKey(String oldKey, String newKey) {
    return changeKey(oldKey, newKey, null);
  }

  /** Records {@code changedAt} in {@code id_changed_at} by the same {@code UPDATE} that changes the key. */
  @Override
  public boolean changeKey(String oldKey, String newKey, Instant changedAt) {
    String update = "UPDATE " + sessions + " SET session_key = ?"
        + (changedAt != null ? ", id_changed_at = ?" : "") + " WHERE session_key = ?";
    return work("changeKey", true, c -> {
      Object[] args = changedAt != null ? new Object[] {newKey, changedAt, oldKey} : new Object[] {newKey, oldKey};
      try (PreparedStatement ps = prepare(c, update, args)) {
        if (ps.executeUpdate() == 0) {
          return false;
        }
      } catch (SQLException e) {
        throw keyInUse(e);
      }
      try (PreparedStatement ps = prepare(c, "INSERT INTO " + moves + " (old_key, new_key, until_ms) SELECT ?,"
          + " session_key, COALESCE(authenticated_at, created_at) + absolute_ms FROM " + sessions
          + " WHERE session_key = ?", oldKey, newKey)) {
        ps.executeUpdate();
      }
      return true;
    });
  }

  @Override
  public Optional<String> movedTo(String oldKey) {
    return work("movedTo", false, c -> {
      String key = oldKey;
      try (PreparedStatement ps = prepare(c, "SELECT new_key FROM " + moves + " WHERE old_key = ?")) {
        for (int hop = 0; hop < MAX_HOPS; hop++) {
          bind(ps, key);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              break;
            }
            key = rs.getString(1);
          }
        }
      }
      return key.equals(oldKey) ? Optional.empty() : Optional.of(key);
    });
  }

  @Override
  public boolean delete(String key) {
    return work("delete", false, c -> {
      try (PreparedStatement ps = prepare(c, "DELETE FROM " + sessions + " WHERE session_key = ?", key)) {
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public List<SessionRecord> findByPrincipal(String principal, Instant now) {
    return work("findByPrincipal", false, c -> {
      try (PreparedStatement ps = prepare(c, "SELECT " + JdbcRows.SESSION_COLUMNS + ", a.attr_name, a.attr_value FROM "
          + sessions + " s LEFT JOIN " + attributes + " a ON a.row_id = s.row_id WHERE s.principal = ?"
          + " AND s.expires_at > ? ORDER BY s.row_id", principal, now)) {
        try (ResultSet rs = ps.executeQuery()) {
          return JdbcRows.joined(rs).stream().filter(r -> !r.isExpired(now)).toList();
        }
      }
    });
  }

  @Override
  public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) {
    return work("deleteByPrincipal", true, c -> {
      List<JdbcRows.Row> rows;
      try (PreparedStatement ps = prepare(c, "SELECT " + JdbcRows.SESSION_COLUMNS + " FROM " + sessions
          + " s WHERE s.principal = ? ORDER BY s.row_id FOR UPDATE", principal)) {
        try (ResultSet rs = ps.executeQuery()) {
          rows = JdbcRows.headers(rs);
        }
      }
      rows = rows.stream().filter(r -> !r.record().key().equals(keepKey)).toList();
      return takeOut(c, rows);
    });
  }

  @Override
  public List<SessionRecord> removeExpired(Instant now, int max) {
    List<SessionRecord> out = work("removeExpired", true, c -> {
      List<JdbcRows.Row> due;
      try (PreparedStatement ps = prepare(c, "SELECT " + JdbcRows.SESSION_COLUMNS + " FROM " + sessions
          + " s WHERE s.expires_at <= ? AND s.format = " + JdbcRows.FORMAT + " ORDER BY s.expires_at"
          + dialect.limitSkipLocked(), now, max)) {
        try (ResultSet rs = ps.executeQuery()) {
          due = JdbcRows.headers(rs);
        }
      }
      List<JdbcRows.Row> expired = new ArrayList<>();
      try (PreparedStatement fix = prepare(c, "UPDATE " + sessions + " SET expires_at = ? WHERE row_id = ?")) {
        for (JdbcRows.Row row : due) {
          if (row.record().isExpired(now)) {
            expired.add(row);
          } else { // the cleanup column lagged behind the session's own fields: catch it up
            bind(fix, row.record().expiresAt(), row.rowId());
            fix.addBatch();
          }
        }
        if (expired.size() < due.size()) {
          fix.executeBatch();
        }
      }
      return takeOut(c, expired);
    });
    work("removeExpired", false, c -> {
      try (PreparedStatement ps = prepare(c, dialect.deleteDueMoves(moves), now, max)) {
        return ps.executeUpdate();
      }
    });
    return out;
  }

  /** Reads the attributes of locked session rows, deletes the rows, and returns them as records. */
  private List<SessionRecord> takeOut(Connection c, List<JdbcRows.Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return List.of();
    }
    String ids = "?" + ", ?".repeat(rows.size() - 1);
    Object[] rowIds = rows.stream().map(JdbcRows.Row::rowId).toArray();
    Map<Long, Map<String, byte[]>> values = new HashMap<>();
    try (PreparedStatement ps = prepare(c, "SELECT row_id, attr_name, attr_value FROM " + attributes
        + " WHERE row_id IN (" + ids + ")", rowIds)) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getBytes(3));
        }
      }
    }
    try (PreparedStatement ps = prepare(c, "DELETE FROM " + sessions + " WHERE row_id IN (" + ids + ")", rowIds)) {
      ps.executeUpdate();
    }
    List<SessionRecord> out = new ArrayList<>(rows.size());
    for (JdbcRows.Row row : rows) {
      out.add(JdbcRows.withAttributes(row.record(), values.getOrDefault(row.rowId(), Map.of())));
    }
    return out;
  }

  @Override
  public void close() {
    if (resources != null) {
      try {
        resources.close();
      } catch (Exception e) {
        log.warn("jdbc store close failed: {}", e.toString());
      }
    }
  }

  // ---- plumbing

  /** A unit of work on one connection. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} on a connection: in one transaction when {@code transaction}
   * (retried on a deadlock or serialization failure), else in auto-commit.
   */
  private <T> T work(String operation, boolean transaction, Work<T> work) {
    for (int attempt = 0; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        if (!transaction) {
          return work.run(c);
        }
        return inTransaction(c, work);
      } catch (SQLException e) {
        if (attempt < RETRIES && retryable(e)) {
          log.debug("jdbc {} retried reason=sqlstate-{}", operation, e.getSQLState());
          continue;
        }
        throw translate(operation, e);
      }
    }
  }

  private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      try {
        c.setAutoCommit(autoCommit);
      } catch (SQLException e) {
        log.debug("jdbc connection state not restored: {}", e.toString());
      }
    }
  }

  /** A statement of {@code sql} with the store's query timeout and {@code args} bound ({@link #bind}). */
  private PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(timeoutSeconds);
    bind(ps, args);
    return ps;
  }

  /**
   * Binds {@code args} to the parameters in order: a {@code String}, {@code Long}, {@code Integer} or
   * {@code byte[]} as it is, an {@code Instant} as epoch milliseconds, a {@code Duration} as milliseconds,
   * null as SQL NULL of the column's type (every null is a principal, a client field or a time).
   */
  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i] instanceof Instant at ? (Object) at.toEpochMilli()
          : args[i] instanceof Duration d ? (Object) d.toMillis() : args[i];
      if (arg == null) {
        ps.setNull(i + 1, Types.NULL); // untyped: text and number columns take nulls (contract on all three databases)
      } else if (arg instanceof Long n) {
        ps.setLong(i + 1, n);
      } else if (arg instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (arg instanceof byte[] b) {
        ps.setBytes(i + 1, b);
      } else {
        ps.setString(i + 1, (String) arg);
      }
    }
  }

  /** A unique-key violation is a key already in use (the caller's error); any other failure is returned. */
  private static SQLException keyInUse(SQLException e) {
    String state = e.getSQLState();
    if ("23505".equals(state) || ("23000".equals(state) && e.getErrorCode() == 1062)) {
      throw new IllegalStateException("store key already in use");
    }
    return e;
  }

  private static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state) || (state != null && state.startsWith("40")
        && e.getErrorCode() == 1213);
  }

  /** Connection trouble is the store being down (503); anything else is a store error. */
  static StoreException translate(String operation, SQLException e) {
    String state = e.getSQLState();
    String message = "jdbc " + operation + " failed (SQLState " + state + ", " + e.getClass().getSimpleName() + ")";
    boolean down = e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException || e instanceof SQLTimeoutException
        || (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57014")));
    return down ? new StoreUnavailableException(message, e) : new StoreException(message, e);
  }
}

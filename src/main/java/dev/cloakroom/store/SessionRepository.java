package dev.cloakroom.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The store SPI: where session records live between requests.
 *
 * <p>Every method takes store keys (base64url of the SHA-256 of the session
 * id), never raw ids. Implementations are thread-safe and shared by all requests of a filter. They
 * throw {@link StoreUnavailableException} when the backing store cannot be reached (the filter answers
 * 503 and never replaces the session with an empty one) and {@link StoreException} for other failures.
 *
 * <p>Every implementation passes the abstract contract suite {@code RepositoryContract} in the tests.
 *
 * @since 0.1
 */
public interface SessionRepository extends AutoCloseable {

  /**
   * Reads one session. Returns records whose expiry has passed as well: the caller decides expiry and
   * deletes them.
   *
   * @return the record, or empty if no session has that key
   */
  Optional<SessionRecord> load(String key);

  /**
   * Stores a new session. The key is fresh (256 random bits hashed), so implementations may assume it
   * is unused.
   */
  void create(SessionRecord record);

  /**
   * Applies a delta to a stored session: sets and removes the named attributes only, leaving the
   * others as they are, and updates the header fields the delta names.
   *
   * @return false if no session has that key any more (deleted or expired meanwhile); the delta is then
   *     dropped, never used to resurrect the session
   */
  boolean save(String key, SessionDelta delta);

  /**
   * Moves a session to a new key, atomically: after it returns true, {@code oldKey} loads nothing and
   * {@code newKey} loads the same data with the same expiry. A concurrent {@link #delete} of the old key
   * either wins (this returns false) or is lost, never half-applied.
   *
   * <p>The old key keeps a <em>moved mark</em> naming the new key ({@link #movedTo}) until the session's
   * absolute deadline, so that requests which loaded the session before the change can still find it
   * for their writes. The mark is never a session: {@link #load}, {@link #save}, {@link #changeKey} and
   * {@link #delete} of the old key behave as for an unknown key.
   *
   * @return false if no live session had {@code oldKey} (unknown, deleted, or moved away already)
   */
  boolean changeKey(String oldKey, String newKey);

  /**
   * {@link #changeKey(String, String)}, recording {@code changedAt} as the session's
   * {@link SessionRecord#idChangedAt()} in the same atomic step. The filter calls this one, with its own
   * clock's time (never the store's). The built-in stores record it; the default moves the session
   * without it, so a repository written before 0.2 keeps working and reports no id change time. A
   * repository that decorates another must pass this call on as it is.
   *
   * @param changedAt when the id changed; null keeps the recorded time as it is
   * @return as {@link #changeKey(String, String)}
   * @since 0.2
   */
  default boolean changeKey(String oldKey, String newKey, Instant changedAt) {
    return changeKey(oldKey, newKey);
  }

  /**
   * Where the session once stored under {@code oldKey} lives now: follows the moved marks that
   * {@link #changeKey} leaves, through every later change, to the last key. Only the core's save and
   * id-change paths call it, for a request that loaded the session before another request changed its
   * id; a lookup from a cookie never does, so an old id never becomes valid again.
   *
   * @return the last key the session moved to (which may have been deleted since), or empty if
   *     {@code oldKey} never moved or its mark has expired
   * @since 0.2
   */
  Optional<String> movedTo(String oldKey);

  /**
   * Deletes a session.
   *
   * @return false if there was none
   */
  boolean delete(String key);

  /** The live (unexpired at {@code now}) sessions whose principal is {@code principal}. */
  List<SessionRecord> findByPrincipal(String principal, Instant now);

  /**
   * Deletes every session of {@code principal} except the one with {@code keepKey} ("sign out my other
   * devices"); {@code keepKey} may be null to delete all.
   *
   * @return the records deleted
   */
  List<SessionRecord> deleteByPrincipal(String principal, String keepKey);

  /**
   * Removes up to {@code max} sessions expired at {@code now} and returns them, each exactly once even
   * when several nodes sweep one store, so that the filter can tell the app's listeners. A store that
   * also expires records by itself (TTL) keeps them long enough past their expiry for a sweep to hand
   * them over.
   */
  List<SessionRecord> removeExpired(Instant now, int max);

  /** Number of sessions held, where the store can tell cheaply; -1 otherwise. */
  default long size() {
    return -1;
  }

  /** Releases connections and threads. Idempotent. */
  @Override
  default void close() {}
}

package dev.cloakroom;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreException;
import dev.cloakroom.store.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new ids one request gives its session, and the writes that must find the session after a racing
 * request gave it one. An id change ({@code changeSessionId()}, a sign-in) and a renewal move the
 * session to a new store key at once, so the old id is dead before the response leaves; the cookie
 * follows at commit ({@link PendingCookie}).
 *
 * <p>Races: the store leaves a moved mark at the old key, and each operation here follows it
 * ({@link #follow}) to the session's current key, at most {@value #MAX_FOLLOWS} times. A request that
 * follows never learns the new id: it keeps writing under the current key, and sends no cookie (the
 * request that moved the session sends the live one).
 *
 * <p>An instance holds what one request did of it, made by its {@link Exchange} at the first id change
 * or when the load finds a renewal due; most requests never make one. Not thread-safe.
 */
final class IdRotation {

  /** Most id changes by racing requests followed in one operation. */
  private static final int MAX_FOLLOWS = 4;

  private static final Logger log = LoggerFactory.getLogger(IdRotation.class);

  private final Exchange x;
  /** This request gave the session a new id (changeSessionId, a sign-in). */
  private boolean rotatedHere;
  /** A renewal found due when the session was loaded, done at the commit. */
  private boolean renewalPending;
  /** The id a renewal gave the session in this request, or null. */
  private String renewedId;
  /** An id change that failed in this request: nothing of the session may be committed. */
  private RuntimeException failure;

  IdRotation(Exchange x) {
    this.x = x;
  }

  /** How a rotation of the stored session ended. */
  private enum Outcome { DONE, SKIPPED, GONE }

  /**
   * Gives the current session a new id: the old one is dead in the store before this returns.
   *
   * <p>Races: if another request changed the id since this one loaded the session, the store's moved
   * mark leads to the session's current key, and this request rotates that key in turn, so its own new
   * id, which only its response carries, kills the one before it at once. When someone else signed in
   * on the session meanwhile, this request, which started before that sign-in, must not learn the
   * signed-in session's id: a bare {@code changeSessionId()} is skipped (it carries on under the current
   * key, sends no cookie, and reports the id it knew), and a sign-in of another user goes on in a new
   * session holding only what this request set. The same user signing in twice (a double-submitted
   * form) rotates the session on. A sign-in whose session was evicted or ended meanwhile goes on in a
   * new session too. A renewal ({@link #renewIfDue}) is the third kind: its loser never rotates again.
   *
   * @param authenticating whether the caller signs a principal in (or out) right after
   * @param principal      the name the caller signs in, or null
   * @return the new id (or, when skipped, the id the request knew)
   * @throws IllegalStateException if there is no session, or another request invalidated it meanwhile
   */
  String change(boolean authenticating, String principal) {
    HttpSessionView s = x.session(false);
    if (s == null) {
      throw new IllegalStateException("changeSessionId: the request has no session");
    }
    Instant now = x.now();
    String oldTag = s.idTag();
    String oldId = s.getId();
    String newId = SessionIds.generate(x.backend().settings().random());
    String newKey = SessionIds.storeKey(newId);
    boolean stored = s.isStored();
    try {
      Outcome outcome = stored ? rotate(x, s, newKey, authenticating, principal) : Outcome.DONE;
      if (outcome == Outcome.SKIPPED) {
        log.debug("session id-change skipped reason=signed-in-elsewhere idTag={}", oldTag);
        return oldId;
      }
      if (outcome == Outcome.GONE) {
        if (!authenticating) {
          x.vanished();
          throw new IllegalStateException("changeSessionId: the session was invalidated by another request");
        }
        // a sign-in on a session that was evicted or ended meanwhile: it goes on in a new session
        s.restart(newId, newKey, now);
        rotatedHere = true;
        x.pendingCookie().issue();
        x.count(SessionEvent.CREATED);
        x.tagged(s);
        log.debug("session created reason=sign-in-after-vanished from={} idTag={}", oldTag, s.idTag());
        x.backend().listeners().created(s);
        return newId;
      }
    } catch (StoreException e) {
      failure = e; // the session stays under its old, maybe planted, id: commit nothing of it
      throw e;
    }
    s.rekey(newId, newKey, stored ? now : null);
    rotatedHere = true;
    changed(s, oldId, oldTag, "");
    return newId;
  }

  /** {@code s} has a new id: the cookie follows, and the change is counted, logged and told to listeners. */
  private void changed(HttpSessionView s, String oldId, String oldTag, String reason) {
    x.pendingCookie().issue();
    x.backend().metrics().record(SessionEvent.ID_CHANGED);
    x.tagged(s);
    log.debug("session id-changed{} from={} idTag={}", reason, oldTag, s.idTag());
    x.backend().listeners().idChanged(s, oldId);
  }

  /**
   * Moves the stored session to {@code newKey}, following the moves of racing requests: DONE; SKIPPED
   * (see {@link #change}); or GONE when the session was evicted or ended meanwhile, or when a sign-in
   * finds that someone else signed in on it meanwhile.
   */
  private static Outcome rotate(Exchange x, HttpSessionView s, String newKey, boolean authenticating,
      String principal) {
    SessionRepository repository = x.backend().repository();
    for (int attempt = 0; attempt < MAX_FOLLOWS; attempt++) {
      if (repository.changeKey(s.key(), newKey, x.now())) {
        return Outcome.DONE;
      }
      if (!follow(x, s)) {
        break;
      }
      Optional<SessionRecord> current = repository.load(s.key());
      if (current.isEmpty()) {
        break;
      }
      boolean sameUser = authenticating && principal != null && principal.equals(current.get().principal());
      if (!s.sameAuthentication(current.get()) && !sameUser) {
        // someone signed in on the session since this request loaded it: its id must stay unknown here,
        // and a sign-in of this request's own goes on in a session of its own. (The same user signing
        // in twice, a double-submitted form, rotates the session on: it is theirs either way.)
        return authenticating ? Outcome.GONE : Outcome.SKIPPED;
      }
    }
    return Outcome.GONE;
  }

  /**
   * Renewal ({@code renewalInterval}): whether the session just loaded is due for a new id, found at the
   * load and done at the commit ({@link #renewIfDue}). A passive request never renews.
   */
  static boolean renewalDue(Exchange x, HttpSessionView loaded) {
    Duration every = x.backend().settings().renewalInterval();
    return every != null && !x.passive() && loaded != null && renewalDue(loaded.loadedRecord(), every, x.now());
  }

  /** The load found a renewal due: the commit renews ({@link #renewIfDue}). */
  void renewalFound() {
    renewalPending = true;
  }

  /** The session ended before the commit: no renewal. */
  void cancelRenewal() {
    renewalPending = false;
  }

  /** Whether a renewal found due at the load still waits for the commit. */
  boolean renewalPending() {
    return renewalPending;
  }

  /** The id a renewal gave the session in this request, or null. */
  String renewedId() {
    return renewedId;
  }

  /** Whether the commit has anything to do here: a failure to report, or a renewal. */
  boolean due() {
    return failure != null || renewalPending;
  }

  /**
   * Fails the commit if an id change of this request failed: the session would be saved under its old,
   * maybe planted, id with what the request did after.
   */
  void checkCommittable() {
    if (failure != null) {
      throw failure instanceof StoreUnavailableException u
          ? new StoreUnavailableException("session not saved: its id change failed earlier in this request", u)
          : new StoreException("session not saved: its id change failed earlier in this request", failure);
    }
  }

  /**
   * Whether {@code record}, read at {@code now}, is due for renewal: the latest boundary
   * {@code absoluteStart + k * every} (k at least 1) not after {@code now} is after its last access.
   */
  static boolean renewalDue(SessionRecord record, Duration every, Instant now) {
    long sinceStart = Duration.between(record.absoluteStart(), now).toMillis();
    long everyMillis = Math.max(1, every.toMillis());
    if (sinceStart < everyMillis) {
      return false;
    }
    Instant boundary = record.absoluteStart().plusMillis(sinceStart - sinceStart % everyMillis);
    return record.lastAccessedAt().isBefore(boundary);
  }

  /**
   * Renews the id now, at the commit, if the load found it due: as late as can be, so that requests the
   * client sends with the old cookie meanwhile still find the session. The session gets a new id when a
   * renewal boundary, its absolute start plus a whole number of intervals, has passed since its last
   * recorded access; and a forced touch, so the recorded access moves past the boundary and later
   * requests do not renew again. Data, principal and absolute deadline stay; the old id is dead in the
   * store at once. Called by {@link Commit} before it saves.
   *
   * <p>Races: unlike {@link #change}, a request whose {@code changeKey} finds the session already
   * moved by a racing request (that renewed it, or changed its id for another reason) does not rotate
   * again: the old id is dead either way and the winner's response carries the new one. It follows to
   * the current key, carries on there under the id it knew, and sends no cookie. A request that first
   * asks for its session after its response was committed does not renew (the new cookie could not be
   * sent). A store failure fails the commit, as a failed write does.
   */
  void renewIfDue() {
    if (!renewalPending) {
      return;
    }
    renewalPending = false;
    HttpSessionView s = x.current();
    if (s == null || s.isInvalid() || !s.isStored() || s.movedAway()) {
      return; // ended, or moved on by another request, whose response carries the live id
    }
    if (rotatedHere) {
      s.touch(HttpSessionView.Touch.FORCED); // this request changed the id already: record the access
      return;
    }
    if (x.outerResponse() != null && x.outerResponse().isCommitted()) {
      // the new id could not reach the client, and the old one would be dead: the next request renews;
      // no touch either, or the recorded access would pass the boundary and this renewal would be lost
      s.touch(HttpSessionView.Touch.NEVER);
      log.debug("session renewal deferred reason=response-committed idTag={}", s.idTag());
      return;
    }
    Instant now = x.now();
    String oldId = s.getId();
    String oldTag = s.idTag();
    String newId = SessionIds.generate(x.backend().settings().random());
    String newKey = SessionIds.storeKey(newId);
    if (!x.backend().repository().changeKey(s.key(), newKey, now)) {
      if (follow(x, s)) {
        log.debug("session renewal skipped reason=renewed-elsewhere idTag={}", oldTag);
      } else {
        log.debug("session vanished during renewal idTag={}", oldTag);
        x.lost();
      }
      return;
    }
    s.rekey(newId, newKey, now);
    s.touch(HttpSessionView.Touch.FORCED);
    renewedId = newId;
    changed(s, oldId, oldTag, " reason=renewal");
  }

  /**
   * Saves {@code delta}, following the session if another request changed its id meanwhile.
   *
   * @return false if the session is gone (invalidated or expired elsewhere)
   */
  static boolean save(Exchange x, HttpSessionView s, SessionDelta delta) {
    return followed(x, s, key -> x.backend().repository().save(key, delta));
  }

  /** Deletes the stored session wherever racing id changes moved it; throws if the store fails. */
  static void delete(Exchange x, HttpSessionView s) {
    followed(x, s, key -> x.backend().repository().delete(key));
  }

  /** {@code op} on the session's key, following racing id changes to the current key; false if it never held. */
  private static boolean followed(Exchange x, HttpSessionView s, Predicate<String> op) {
    for (int attempt = 0; attempt < MAX_FOLLOWS; attempt++) {
      if (op.test(s.key())) {
        return true;
      }
      if (!follow(x, s)) {
        return false;
      }
    }
    return false;
  }

  /** Points the view at the key its session moved to (an id change by another request); false if none. */
  private static boolean follow(Exchange x, HttpSessionView s) {
    Optional<String> to = x.backend().repository().movedTo(s.key());
    if (to.isEmpty()) {
      return false;
    }
    log.debug("session followed reason=id-changed-elsewhere idTag={}", s.idTag());
    s.moved(to.get());
    x.pendingCookie().withhold(); // this request's id is dead; the request that moved it sends the live one
    return true;
  }
}

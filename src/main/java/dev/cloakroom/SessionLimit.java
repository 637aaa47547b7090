package dev.cloakroom;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code maxSessionsPerUser} sessions per signed-in user, held at each sign-in through the store
 * SPI alone ({@code findByPrincipal}, {@code delete}), so it works the same on every store and node.
 *
 * <p>A sign-in first writes its authentication (one write, which the commit would have made anyway),
 * then lists the user's live sessions. Sessions are ordered by authentication time, then store key:
 * every node sorts the same records the same way.
 * <ul>
 *   <li><b>end-oldest.</b> While the list holds more than the limit, the first (oldest) session is
 *       deleted and the list read again. Racing sign-ins pick the same victims: a {@code delete} that
 *       returns false means another one ended that session, and a fresh list tells what is left. If the
 *       oldest is this request's own session (a newer sign-in of the same user raced it), this one ends.
 *       Each ending happens only while a fresh list shows more than the limit, so the user keeps the
 *       newest sessions, never fewer than the limit.
 *   <li><b>refuse.</b> If the list holds more than the limit, this sign-in is undone (the stored
 *       authentication restored to what it was, the new id kept) and {@link SessionLimitException}
 *       thrown. A sign-in goes through only if its list, read after its own write, held at most the
 *       limit; of two racing sign-ins the second to list sees the first, so the user never holds more
 *       than the limit. Two that list at the same moment may both see each other and both be refused
 *       when only one place was left: the price of using no lock in the store.
 * </ul>
 *
 * <p>Stateless; used by one request's {@link Exchange}.
 */
final class SessionLimit {

  private static final Logger log = LoggerFactory.getLogger(SessionLimit.class);
  /** Most list-and-end rounds one sign-in makes; each ends one session, or finds a racer ended it. */
  private static final int MAX_ROUNDS = 64;

  /** Oldest sign-in first; the store key breaks ties, so every node agrees. */
  static final Comparator<SessionRecord> ORDER = Comparator
      .comparing(SessionRecord::absoluteStart)
      .thenComparing(SessionRecord::key);

  private SessionLimit() {}

  /**
   * Holds the user now signed in to {@code s} to the limit.
   *
   * @throws SessionLimitException if the policy is {@code refuse} and the user has no place left
   */
  static void enforce(Exchange x, HttpSessionView s) {
    Backend backend = x.backend();
    // what the store holds before the sign-in's write: a refused sign-in restores it
    SessionDelta.Authentication before = s.storedAuthentication();
    if (!writeSignIn(x, s)) {
      return;
    }
    int limit = backend.settings().maxSessionsPerUser();
    String principal = s.principal();
    SessionRepository repository = backend.repository();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<SessionRecord> live = new ArrayList<>(repository.findByPrincipal(principal, x.now()));
      if (live.stream().noneMatch(r -> r.key().equals(s.key()))) {
        // a racing sign-in of the same user (or a sign-out everywhere) ended this session already
        log.debug("session ended reason=session-limit by=other-request idTag={}", s.idTag());
        x.limitEnded(s, false);
        return;
      }
      if (live.size() <= limit) {
        return;
      }
      if (backend.settings().sessionLimitPolicy() == Settings.SessionLimitPolicy.REFUSE) {
        refuse(x, s, before, limit);
      }
      live.sort(ORDER);
      SessionRecord oldest = live.get(0);
      if (oldest.key().equals(s.key())) {
        boolean here = repository.delete(s.key());
        if (here) {
          backend.metrics().record(SessionEvent.LIMIT_ENDED);
        }
        log.debug("session ended reason=session-limit by=newer-sign-in idTag={}", s.idTag());
        x.limitEnded(s, here);
        return;
      }
      if (repository.delete(oldest.key())) { // only the request that deletes it tells the listeners
        backend.metrics().record(SessionEvent.LIMIT_ENDED);
        // the ended session has no id here to tag: the line names the sign-in that ended it
        log.debug("session ended reason=session-limit by=sign-in idTag={}", s.idTag());
        HttpSessionView.destroyed(backend, oldest, null);
      }
    }
    log.warn("session limit not reached after {} rounds idTag={}", MAX_ROUNDS, s.idTag());
  }

  /**
   * Writes a sign-in at once rather than at commit, so that other requests (on any node) counting the
   * user's sessions see it: the new session's header, or the authentication of a stored one.
   *
   * @return false if the session vanished from the store meanwhile (then it is forgotten)
   */
  private static boolean writeSignIn(Exchange x, HttpSessionView s) {
    if (!s.isStored()) {
      SessionRecord record = s.toSignInRecord();
      x.backend().repository().create(record);
      s.storedEarly(record);
      return true;
    }
    if (IdRotation.save(x, s, s.authenticationDelta(s.authenticationNow()))) {
      return true;
    }
    log.debug("session vanished during sign-in idTag={}", s.idTag());
    x.vanished();
    return false;
  }

  private static void refuse(Exchange x, HttpSessionView s, SessionDelta.Authentication before, int limit) {
    s.authenticate(before.principal(), before.authenticatedAt(), before.client());
    if (!IdRotation.save(x, s, s.authenticationDelta(before))) {
      x.vanished();
    }
    x.backend().metrics().record(SessionEvent.LIMIT_REFUSED);
    log.debug("session sign-in refused reason=session-limit limit={} idTag={}", limit, s.idTag());
    throw new SessionLimitException(limit);
  }
}

package dev.cloakroom;

import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides, at commit, what to write: the new session, the delta (changed attributes,
 * a throttled touch), and the single {@code Set-Cookie} for the session cookie (or, for a request
 * whose id came through the header, the header: see {@link SessionResolver}).
 *
 * <p>Runs before the first byte of the body, and before anything else that can commit the response
 * (flush, close, redirect, error, a {@code Content-Length}), whenever {@link #due} says there is
 * something to write; and at the end of the chain or at async completion. Each run writes only what
 * changed since the previous one. A cookie change made after the response committed cannot be sent:
 * that is logged at WARN.
 */
final class Commit {

  private static final Logger log = LoggerFactory.getLogger(Commit.class);

  private Commit() {}

  /**
   * Whether a commit now has anything to do: a cookie to write or clear, a failed id change to report
   * (before any byte, so the failure is visible), a renewal, a session not yet in the store, a session
   * changed since the last commit, or a session no commit has looked at yet (a value read and mutated in
   * place shows only when encoded, so the first look is a full commit). Cheap: no encoding, no store
   * call, and false for a request that never touched its session.
   */
  static boolean due(Exchange x) {
    IdRotation rotation = x.rotationIfAny();
    if (x.pendingCookie().due() || rotation != null && rotation.due()) {
      return true;
    }
    HttpSessionView s = x.current();
    return s != null && !s.isInvalid() && (!s.isStored() || !s.seenByCommit() || s.changedSinceSave());
  }

  /**
   * Writes the session, then the cookie.
   *
   * @throws dev.cloakroom.store.StoreUnavailableException if the store cannot take the write
   * @throws dev.cloakroom.store.StoreException if an id change of this request failed earlier
   */
  static void run(Exchange x, HttpServletResponse response) {
    IdRotation rotation = x.rotationIfAny();
    if (rotation != null) {
      rotation.checkCommittable();
      rotation.renewIfDue();
    }
    HttpSessionView s = x.current();
    if (s != null && !s.isInvalid()) {
      if (!s.isStored()) {
        SessionRecord record = s.toNewRecord();
        x.backend().repository().create(record);
        s.created(record);
        sized(x, record);
      } else {
        SessionDelta delta = s.delta(x.now(), x.backend().settings().touchInterval());
        if (delta != null) {
          if (IdRotation.save(x, s, delta)) {
            s.saved(delta);
            if (delta.hasAttributeChanges()) {
              sized(x, s.loadedRecord());
            }
          } else {
            log.debug("session vanished during request idTag={}", s.idTag());
            x.vanished();
          }
        }
      }
      s.markSeenByCommit();
    }
    writeCookie(x, response, x.pendingCookie());
  }

  /**
   * Records the size of a session whose attributes were just written: its encoded attribute bytes as
   * this request knows them. Sessions of live objects (the memory store) have no bytes to count.
   */
  private static void sized(Exchange x, SessionRecord record) {
    if (record.live() == null) {
      x.backend().metrics().recordSessionSize(record.attributeBytes());
    }
  }

  private static void writeCookie(Exchange x, HttpServletResponse response, PendingCookie pending) {
    if (!pending.due()) {
      return;
    }
    if (pending.issuing() && x.current() != null && x.current().movedAway()) {
      pending.cancel(); // another request moved the session on: its response carries the live id
      return;
    }
    if (response.isCommitted()) {
      log.warn("session cookie not sent reason=response-committed idTag={}",
          x.current() != null ? x.current().idTag() : "none");
      return;
    }
    SessionResolver resolver = x.resolver(); // the cookie, or the header for API clients
    if (pending.issuing()) {
      HttpSessionView s = x.current();
      resolver.write(x.request(), response, outboundValue(x, s.getId()), maxAge(x, s));
    } else {
      resolver.clear(x.request(), response);
    }
    pending.written();
  }

  /** What the client gets for {@code sessionId}: the id, or the id signed with the first key. */
  private static String outboundValue(Exchange x, String sessionId) {
    IdSigner signer = x.backend().settings().signingKeys();
    return signer == null ? sessionId : signer.sign(sessionId);
  }

  /**
   * Max-Age of the cookie: none for a browser-session cookie; up to the absolute expiry for a
   * remember-me session; {@code cookieMaxAge} if set, capped at the absolute expiry.
   */
  static Duration maxAge(Exchange x, HttpSessionView s) {
    Duration untilAbsolute = Duration.between(x.now(), s.absoluteExpiry());
    untilAbsolute = untilAbsolute.isNegative() ? Duration.ZERO : untilAbsolute;
    if (Boolean.TRUE.equals(s.getAttribute(SessionFilter.REMEMBER_ME))) {
      return untilAbsolute;
    }
    Duration configured = x.backend().settings().cookieMaxAge();
    return configured == null ? null : configured.compareTo(untilAbsolute) < 0 ? configured : untilAbsolute;
  }
}

package dev.cloakroom;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.ClientFingerprint;
import dev.cloakroom.store.LiveAttributes;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreException;
import dev.cloakroom.store.StoreUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session side of one request, shared by every dispatch of it (forward, include, error, async):
 * the filter keeps it in a request attribute and wraps each dispatch around the same instance.
 *
 * <p>Design notes.
 * <ul>
 *   <li><b>Lazy.</b> Nothing is parsed or loaded until the app asks for the session or the requested
 *       id. A request that never asks costs no store call.
 *   <li><b>Validate before lookup.</b> Only well-formed ids reach the store, at most
 *       {@link RequestedIds#MAX_CANDIDATES} of them; with signing keys, only ids whose tag verifies
 *       ({@link RequestedIds}). Malformed, forged, unknown and expired ids are absent sessions and are
 *       never adopted: a new session always gets a new server-made id.
 *   <li><b>One source per request.</b> The ids come from the first {@link SessionResolver} in the
 *       declared order that the request carries a value in (or, if none, the first declared one), and
 *       every answer goes back through that same resolver: a header id never gets a cookie.
 *   <li><b>Expiry before the app runs.</b> A loaded record past its idle or absolute deadline is
 *       deleted and treated as absent.
 *   <li><b>Privilege change means a new id</b>, in the store at once ({@link IdRotation}); the cookie
 *       follows at commit.
 *   <li><b>Commit</b> ({@link Commit}) runs before the response commits and again at the end; each run
 *       writes only what changed since the previous one.
 *   <li><b>Passive requests</b> ({@link PassiveRequests}) read the session and write nothing on their
 *       own: no touch, no renewal, no delete of an expired session (it is absent all the same), no
 *       cookie. What the app changes in one is written, without a touch.
 *   <li><b>Renewal</b> ({@link IdRotation#renewIfDue}): the first non-passive request after a renewal
 *       boundary gives the session a new id: found due at the load, done at the commit, so that requests
 *       sent meanwhile with the old cookie still find the session.
 *   <li><b>Sign-in</b> ({@link SignIn}): {@code login()} or a new principal name is a privilege change,
 *       held to the session limit ({@link SessionLimit}).
 *   <li><b>Client-change signals</b> ({@link ClientCheck}): right after the load, a signed-in
 *       session's sign-in fingerprint is compared with this request's; nothing for anonymous sessions.
 * </ul>
 *
 * <p>Not thread-safe: one request's threads hand over through the container (async dispatch).
 */
final class Exchange implements SessionHost, Correlation.Source {

  /** Request attribute holding the exchange, so every dispatch of the request sees one session. */
  static final String ATTRIBUTE = Exchange.class.getName();

  private static final Logger log = LoggerFactory.getLogger(Exchange.class);

  private final Backend backend;
  private final HttpServletRequest request;
  private final Instant now;
  private CookiePolicy.Cookie cookie;
  private ClientFingerprint client;
  /** The ids the request carries, found when first asked for. */
  private RequestedIds ids;
  private boolean loaded;
  private StoreException loadFailure;
  private String requestedId;
  private boolean requestedValid;
  private HttpSessionView session;
  private int depth;
  /** Which session cookie the response is to get. */
  private final PendingCookie pendingCookie = new PendingCookie();
  private final HttpServletResponse outerResponse;
  private final boolean passive;
  /** What this request did of new ids; made at the first id change, or a renewal found due. */
  private IdRotation rotation;
  /** Why the session the request named had ended when it was looked up, or null. */
  private SessionStatus.EndReason previousEnd;
  /** The request as the app sees it, through the filter's wrapper. */
  private HttpServletRequest appRequest;
  /** The client's address under the trusted-proxy rules, found when an anomaly signal first needs it. */
  private String clientAddress;

  Exchange(Backend backend, HttpServletRequest request, HttpServletResponse outerResponse) {
    this.backend = backend;
    this.outerResponse = outerResponse;
    this.request = request;
    this.now = backend.clock().instant();
    this.passive = backend.passive().test(request);
  }

  /** Whether this request is passive ({@code passivePaths}, {@code passiveHeader}). */
  boolean passive() {
    return passive;
  }

  Backend backend() {
    return backend;
  }

  Instant now() {
    return now;
  }

  /**
   * The coarse fingerprint of this request's client (address under the trusted-proxy rules, and the
   * {@code User-Agent}), made once per request and only when asked for: at a sign-in, or to check a
   * signed-in session.
   */
  ClientFingerprint client() {
    if (client == null) {
      client = ClientFingerprint.of(backend.proxies().clientAddress(request), request.getHeader("User-Agent"));
    }
    return client;
  }

  /** The cookie name and attributes for this request. */
  CookiePolicy.Cookie cookie() {
    if (cookie == null) {
      cookie = CookiePolicy.forRequest(backend.settings(), backend.proxies(), request);
    }
    return cookie;
  }

  /** Counts a dispatch in. */
  void enter() {
    depth++;
  }

  /** Counts a dispatch out; true when it was the outermost one, whose end commits. */
  boolean exit() {
    return --depth == 0;
  }

  /** The ids the request carries, found once ({@link RequestedIds}). */
  private RequestedIds ids() {
    if (ids == null) {
      ids = RequestedIds.of(this);
    }
    return ids;
  }

  /** Where this request's ids come from and its answers go to. */
  SessionResolver resolver() {
    return ids().resolver();
  }

  HttpServletRequest request() {
    return request;
  }

  /**
   * Loads the session the cookie names, once per request. A failed read fails every later call in the
   * request as well: it must never turn into "no session", which would hand the user a fresh empty one.
   */
  private void load() {
    if (loadFailure != null) {
      throw new StoreUnavailableException("session store read failed earlier in this request", loadFailure);
    }
    if (loaded) {
      return;
    }
    try {
      loadCandidates();
      if (IdRotation.renewalDue(this, session)) {
        rotation().renewalFound();
      }
      loaded = true;
    } catch (StoreException e) {
      loadFailure = e;
      throw e;
    }
    if (session != null && session.principal() != null && session.loadedRecord().client() != null) {
      ClientCheck.check(this, session);
    }
  }

  /** The request as the app sees it (the filter's wrapper), for listeners; set by the first dispatch. */
  void appRequest(HttpServletRequest wrapped) {
    if (appRequest == null) {
      appRequest = wrapped;
    }
  }

  /** The request as the app sees it, for listeners (the container's, before the first dispatch). */
  HttpServletRequest appRequest() {
    return appRequest != null ? appRequest : request;
  }

  private void loadCandidates() {
    RequestedIds r = ids();
    requestedId = r.requestedId();
    SessionRepository repository = backend.repository();
    SessionStatus.EndReason ended = null;
    for (String candidate : r.candidates()) {
      String key = SessionIds.storeKey(candidate);
      Optional<SessionRecord> record = repository.load(key);
      if (record.isEmpty()) {
        count(SessionEvent.REJECTED_UNKNOWN);
        log.debug("session rejected reason=unknown idTag={}", IdTag.of(candidate));
        continue;
      }
      SessionRecord rec = record.get();
      if (rec.isExpired(now)) {
        backend.metrics().record(SessionEvent.REJECTED_EXPIRED);
        log.debug("session rejected reason=expired idTag={}", IdTag.of(candidate));
        boolean idle = rec.isIdleExpired(now);
        ended = idle ? SessionStatus.EndReason.IDLE : SessionStatus.EndReason.ABSOLUTE;
        // a passive request writes nothing: the sweeper or the next ordinary request deletes it
        if (!passive && repository.delete(key)) { // only the node that deletes it tells the listeners: once per session
          backend.metrics().record(idle ? SessionEvent.EXPIRED_IDLE : SessionEvent.EXPIRED_ABSOLUTE);
          log.debug("session expired reason={} idTag={}", idle ? "idle" : "absolute", IdTag.of(candidate));
          HttpSessionView.destroyed(backend, rec, candidate);
        }
        continue;
      }
      session = view(candidate, rec, false);
      requestedId = candidate;
      requestedValid = true;
      tagged(session);
      if (r.staleSigned(candidate) && !passive) { // a passive request never changes the cookie
        pendingCookie.issue(); // signed by an older key: the answer carries it signed by the first
        log.debug("session re-signed reason=older-key idTag={}", session.idTag());
      }
      return;
    }
    previousEnd = ended; // only when no live session was found: then the one named had ended
  }

  /** Why the session the request named had ended at its lookup in this request, or null. */
  SessionStatus.EndReason previousEnd() {
    return previousEnd;
  }

  // ---- the request's session methods

  /** The current session; creates one when {@code create} and there is none. */
  HttpSessionView session(boolean create) {
    load();
    if (session == null && create) {
      String id = SessionIds.generate(backend.settings().random());
      var s = backend.settings();
      SessionRecord record = new SessionRecord(SessionIds.storeKey(id), now, now, null, s.idleTimeout(),
          s.absoluteTimeout(), null, Map.of(), backend.keepsObjects() ? new LiveAttributes() : null);
      session = view(id, record, true);
      pendingCookie.issue();
      count(SessionEvent.CREATED);
      tagged(session);
      log.debug("session created idTag={}", session.idTag());
      backend.listeners().created(session);
    }
    return session;
  }

  /** A view of this request's session; a passive request's never moves the idle timer. */
  private HttpSessionView view(String id, SessionRecord record, boolean created) {
    HttpSessionView s = new HttpSessionView(backend, this, id, record, created);
    if (passive) {
      s.touch(HttpSessionView.Touch.NEVER);
    }
    return s;
  }

  String requestedSessionId() {
    RequestedIds r = ids();
    if (r.candidates().size() > 1) {
      load(); // the valid one of several wins
      return requestedId;
    }
    return loaded ? requestedId : r.requestedId();
  }

  boolean requestedSessionIdValid() {
    load();
    // a renewal is the filter's doing: the id the client sent was valid when the request came in
    return requestedValid && session != null && !session.isInvalid() && (session.getId().equals(requestedId)
        || rotation != null && session.getId().equals(rotation.renewedId()));
  }

  boolean requestedSessionIdFromCookie() {
    return requestedSessionId() != null && resolver() instanceof CookieResolver;
  }

  /**
   * This request's session was ended by the session limit, here ({@code here}: listeners are told now)
   * or by a racing sign-in of the same user that told them already. The cookie is cleared.
   */
  void limitEnded(HttpSessionView s, boolean here) {
    if (here) {
      s.destroy();
    } else {
      s.endedElsewhere();
    }
    session = null;
    pendingCookie.clear();
  }

  /** {@code logout()}: the session is deleted and the cookie cleared. */
  void loggedOut() {
    HttpSessionView s = session(false);
    if (s != null) {
      s.invalidate();
    }
  }

  @Override
  public void invalidating(HttpSessionView s) {
    if (s.isStored()) {
      // a failure propagates: the session stays valid, never reported as signed out
      IdRotation.delete(this, s);
    }
  }

  @Override
  public void invalidated(HttpSessionView s) {
    backend.metrics().record(SessionEvent.INVALIDATED);
    log.debug("session invalidated idTag={}", s.idTag());
    session = null;
    if (ids().requestedId() != null || s.isStored()) {
      pendingCookie.clear();
    } else {
      pendingCookie.cancel();
    }
  }

  @Override
  public void checkAttribute(HttpSessionView s, String name, Object value) {
    if (name.equals(backend.settings().principalAttribute())) {
      SignIn.principalName(this, value);
    }
  }

  /** The remember-me flag changes the cookie; the principal attribute signs a user in or out ({@link SignIn}). */
  @Override
  public void attributeChanged(HttpSessionView s, String name, Object old, Object value) {
    if (SessionFilter.REMEMBER_ME.equals(name)) {
      if (s.movedAway()) {
        pendingCookie.withhold(); // a dead id is never sent again
      } else {
        pendingCookie.issueAgain(); // the cookie's Max-Age follows the flag
      }
      return;
    }
    if (name.equals(backend.settings().principalAttribute())) {
      SignIn.principalSet(this, s, value);
    }
  }

  /**
   * The exchange of a request that passed through the filter, for the public API's {@code caller}.
   *
   * @throws IllegalStateException if the request did not pass through the filter
   */
  static Exchange of(jakarta.servlet.ServletRequest request, String caller) {
    if (request.getAttribute(ATTRIBUTE) instanceof Exchange x) {
      return x;
    }
    throw new IllegalStateException(caller + ": the request did not pass through the SessionFilter");
  }

  // ---- for the commit

  /**
   * The response of the outermost dispatch, where the commit writes: an included servlet's response
   * ignores headers, so a cookie written through it would be lost.
   */
  HttpServletResponse outerResponse() {
    return outerResponse;
  }

  /** Which session cookie the response is to get, and what it carries already. */
  PendingCookie pendingCookie() {
    return pendingCookie;
  }

  HttpSessionView current() {
    return session;
  }

  /**
   * The session vanished from the store under us (invalidated or expired by another request, maybe on
   * another node): forget it. The cookie is left alone: the client may already hold a newer one from
   * the request that ended this session, and the old id is dead in the store anyway.
   */
  void vanished() {
    session = null;
    pendingCookie.cancel();
  }

  /** What this request did of new ids, made now if it did nothing yet. */
  IdRotation rotation() {
    if (rotation == null) {
      rotation = new IdRotation(this);
    }
    return rotation;
  }

  /** What this request did of new ids, or null if it did nothing: for the checks of every commit. */
  IdRotation rotationIfAny() {
    return rotation;
  }

  /** {@code s} is the request's session under the id it has now: the log context follows ({@link Correlation}). */
  void tagged(HttpSessionView s) {
    Correlation.changed(this, s.idTag());
  }

  /** The tag of the current session's id, or null when there is none. */
  @Override
  public String idTagNow() {
    HttpSessionView s = session;
    return s == null ? null : s.idTag();
  }

  /** Counts {@code event}, and for the anomaly signals against the client's address. */
  void count(SessionEvent event) {
    backend.metrics().record(event);
    AnomalyDetector anomalies = backend.anomalies();
    if (anomalies.watches(event)) {
      if (clientAddress == null) {
        clientAddress = backend.proxies().clientAddress(request);
      }
      anomalies.seen(clientAddress, event, now);
    }
  }

  /**
   * The session vanished while the commit renewed it: forget it; the id the client sent is no longer
   * valid, and a cookie still pending (a remember-me flag set in this request, a re-signed id) has no
   * session left to carry: nothing is written, as when the session vanishes at any other point.
   */
  void lost() {
    session = null;
    requestedValid = false;
    pendingCookie.cancel();
    Correlation.changed(this, null);
  }

}

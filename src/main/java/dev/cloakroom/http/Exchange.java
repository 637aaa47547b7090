package dev.cloakroom.http;

import dev.cloakroom.Settings;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.id.IdSigner;
import dev.cloakroom.id.IdTag;
import dev.cloakroom.id.SessionIds;
import dev.cloakroom.store.ClientFingerprint;
import dev.cloakroom.store.LiveAttributes;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreException;
import dev.cloakroom.store.StoreUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
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
 *       {@link #MAX_CANDIDATES} of them; with signing keys, only ids whose tag verifies. Malformed,
 *       forged, unknown and expired ids are absent sessions and are never adopted: a new session always
 *       gets a new server-made id.
 *   <li><b>One source per request.</b> The ids come from the first {@link SessionResolver} in the
 *       declared order that the request carries a value in (or, if none, the first declared one), and
 *       every answer goes back through that same resolver: a header id never gets a cookie.
 *   <li><b>Expiry before the app runs.</b> A loaded record past its idle or absolute deadline is
 *       deleted and treated as absent.
 *   <li><b>Privilege change means a new id</b>, in the store at once ({@link #changeId}); the cookie
 *       follows at commit.
 *   <li><b>Commit</b> ({@link Commit}) runs before the response commits and again at the end; each run
 *       writes only what changed since the previous one.
 *   <li><b>Passive requests</b> ({@link PassiveRequests}) read the session and write nothing on their
 *       own: no touch, no renewal, no delete of an expired session (it is absent all the same), no
 *       cookie. What the app changes in one is written, without a touch.
 *   <li><b>Renewal</b> ({@link #renewIfDue}): the first non-passive request after a renewal boundary
 *       gives the session a new id: found due at the load, done at the commit, so that requests sent
 *       meanwhile with the old cookie still find the session.
 *   <li><b>Client-change signals</b> ({@link #checkClient}): right after the load, a signed-in
 *       session's sign-in fingerprint is compared with this request's; nothing for anonymous sessions.
 * </ul>
 *
 * <p>Not thread-safe: one request's threads hand over through the container (async dispatch).
 */
final class Exchange implements SessionHost, Correlation.Source {

  /** Request attribute holding the exchange, so every dispatch of the request sees one session. */
  static final String ATTRIBUTE = Exchange.class.getName();
  static final int MAX_CANDIDATES = 3;
  /** Most id changes by racing requests followed in one operation. */
  private static final int MAX_FOLLOWS = 4;
  /** Longest principal name accepted (it becomes part of store index keys). */
  static final int MAX_PRINCIPAL_CHARS = 512;

  private static final Logger log = LoggerFactory.getLogger(Exchange.class);

  private final Backend backend;
  private final HttpServletRequest request;
  private final Instant now;
  private CookiePolicy.Cookie cookie;
  private ClientFingerprint client;
  private CookieResolver.Resolution resolution;
  /** Where this request's ids come from and its answers go to; set with {@link #resolution}. */
  private SessionResolver resolver;
  /** Verified ids signed by a key other than the first: their value is re-issued under the first. */
  private Set<String> staleSigned = Set.of();
  private boolean loaded;
  private StoreException loadFailure;
  private String requestedId;
  private boolean requestedValid;
  private HttpSessionView session;
  private boolean issueCookie;
  private boolean clearCookie;
  private int depth;
  /** A privilege change (id change) that failed in this request: nothing of it may be committed. */
  private RuntimeException privilegeFailure;
  private final Commit.CookieMemo memo = new Commit.CookieMemo();
  private final HttpServletResponse outerResponse;
  private final boolean passive;
  /** The id a renewal gave the session in this request, or null. */
  private String renewedId;
  /** A renewal found due when the session was loaded, done at the commit. */
  private boolean renewalPending;
  /** This request gave the session a new id (changeSessionId, a sign-in). */
  private boolean rotatedHere;
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

  // ---- resolution

  private CookieResolver.Resolution resolution() {
    if (resolution == null) {
      IdSigner signer = backend.settings().signingKeys();
      Predicate<String> acceptable = signer == null ? SessionIds::isWellFormed : IdSigner::isSignedShape;
      CookieResolver.Resolution found = null;
      for (Settings.IdSource source : backend.settings().sessionIdSources()) {
        SessionResolver r = source == Settings.IdSource.COOKIE
            ? new CookieResolver(cookie(), now) : new HeaderResolver(backend.settings().sessionHeader());
        CookieResolver.Resolution res = r.resolve(request, acceptable, MAX_CANDIDATES);
        if (resolver == null || res.requestedId() != null) {
          resolver = r; // the first declared source answers a request that carries none
        }
        if (res.requestedId() != null) {
          found = res;
          break;
        }
      }
      resolution = found == null ? new CookieResolver.Resolution(null, List.of())
          : signer == null ? found : verified(signer, found);
      if (resolution.requestedId() != null && resolution.candidates().isEmpty()) {
        SessionEvent event = signer == null ? SessionEvent.REJECTED_MALFORMED : SessionEvent.REJECTED_BAD_SIGNATURE;
        if (signer == null || found.candidates().isEmpty()) { // a failed tag is counted in verified()
          count(event);
          log.debug("session rejected reason={} idTag={}", signer == null ? "malformed" : "bad-signature",
              IdTag.of(resolution.requestedId()));
        }
      }
    }
    return resolution;
  }

  /**
   * The candidates whose tag verifies, as bare ids; no store call. The requested id becomes the bare id
   * when its tag verifies, so the app sees ids, never signed values.
   */
  private CookieResolver.Resolution verified(IdSigner signer, CookieResolver.Resolution found) {
    List<String> ids = new ArrayList<>(found.candidates().size());
    String requested = found.requestedId();
    for (String value : found.candidates()) {
      IdSigner.Verified v = signer.verify(value);
      if (v == null) {
        count(SessionEvent.REJECTED_BAD_SIGNATURE);
        log.debug("session rejected reason=bad-signature idTag={}", IdTag.of(value));
        continue;
      }
      ids.add(v.sessionId());
      if (!v.current()) {
        if (staleSigned.isEmpty()) {
          staleSigned = new HashSet<>();
        }
        staleSigned.add(v.sessionId());
      }
      if (value.equals(requested)) {
        requested = v.sessionId();
      }
    }
    return new CookieResolver.Resolution(requested, ids);
  }

  /** Where this request's ids come from and its answers go to. */
  SessionResolver resolver() {
    resolution();
    return resolver;
  }

  /** What the client gets for {@code sessionId}: the id, or the id signed with the first key. */
  String outboundValue(String sessionId) {
    IdSigner signer = backend.settings().signingKeys();
    return signer == null ? sessionId : signer.sign(sessionId);
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
      renewalPending = renewalDue();
      loaded = true;
    } catch (StoreException e) {
      loadFailure = e;
      throw e;
    }
    if (session != null && session.principal() != null && session.loadedRecord().client() != null) {
      checkClient(session);
    }
  }

  /**
   * Client-change signals: compares a signed-in session's sign-in fingerprint with this request's, once
   * per request, after the lookup (so the listener may use the session API). A change is counted and
   * logged; {@code end-session} then ends the session (deleted in the store, its listeners told, the
   * cookie cleared) and the request goes on without one; then the app's listener hears of it. The
   * sign-in fingerprint stays as it is: only the next sign-in replaces it. No store write otherwise.
   */
  private void checkClient(HttpSessionView s) {
    ClientFingerprint before = s.loadedRecord().client();
    ClientFingerprint after = client();
    Set<ClientFingerprint.Part> changed = before.changes(after);
    if (changed.isEmpty()) {
      return;
    }
    String principal = s.principal();
    boolean end = backend.settings().clientChangePolicy() == Settings.ClientChangePolicy.END_SESSION;
    backend.metrics().record(SessionEvent.CLIENT_CHANGED);
    log.info("session client-changed changed={} action={} idTag={}",
        changed.stream().map(part -> part.name().toLowerCase(java.util.Locale.ROOT))
            .collect(java.util.stream.Collectors.joining(",")),
        backend.settings().clientChangePolicy().text(), s.idTag());
    if (end) {
      renewalPending = false;
      s.invalidate(); // a store failure propagates (503): never reported as ended when it is not
      log.debug("session ended reason=client-changed idTag={}", s.idTag());
    }
    dev.cloakroom.event.ClientChangeListener listener = backend.settings().clientChangeListener();
    if (listener != null) {
      try {
        listener.clientChanged(new dev.cloakroom.event.ClientChange(principal, before, after, changed,
            appRequest != null ? appRequest : request));
      } catch (RuntimeException e) {
        log.warn("client-change listener failed listener={} idTag={}", listener.getClass().getName(), s.idTag(), e);
      }
    }
  }

  /** The request as the app sees it (the filter's wrapper), for listeners; set by the first dispatch. */
  void appRequest(HttpServletRequest wrapped) {
    if (appRequest == null) {
      appRequest = wrapped;
    }
  }

  private void loadCandidates() {
    CookieResolver.Resolution r = resolution();
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
      session = new HttpSessionView(backend, this, candidate, rec, false);
      if (passive) {
        session.touch(HttpSessionView.Touch.NEVER);
      }
      requestedId = candidate;
      requestedValid = true;
      Correlation.changed(this, session.idTag());
      if (staleSigned.contains(candidate) && !passive) { // a passive request never changes the cookie
        issueCookie = true; // signed by an older key: the answer carries it signed by the first
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
      session = new HttpSessionView(backend, this, id, record, true);
      if (passive) {
        session.touch(HttpSessionView.Touch.NEVER);
      }
      issueCookie = true;
      clearCookie = false;
      count(SessionEvent.CREATED);
      Correlation.changed(this, session.idTag());
      log.debug("session created idTag={}", session.idTag());
      backend.listeners().created(session);
    }
    return session;
  }

  String requestedSessionId() {
    CookieResolver.Resolution r = resolution();
    if (r.candidates().size() > 1) {
      load(); // the valid one of several wins
      return requestedId;
    }
    return loaded ? requestedId : r.requestedId();
  }

  boolean requestedSessionIdValid() {
    load();
    // a renewal is the filter's doing: the id the client sent was valid when the request came in
    return requestedValid && session != null && !session.isInvalid()
        && (session.getId().equals(requestedId) || session.getId().equals(renewedId));
  }

  boolean requestedSessionIdFromCookie() {
    return requestedSessionId() != null && resolver() instanceof CookieResolver;
  }

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
   * @throws IllegalStateException if there is no session, or another request invalidated it meanwhile
   */
  String changeId(boolean authenticating, String principal) {
    HttpSessionView s = session(false);
    if (s == null) {
      throw new IllegalStateException("changeSessionId: the request has no session");
    }
    String oldTag = s.idTag();
    String oldId = s.getId();
    String newId = SessionIds.generate(backend.settings().random());
    String newKey = SessionIds.storeKey(newId);
    boolean stored = s.isStored();
    try {
      Rotation rotation = stored ? rotate(s, newKey, authenticating, principal) : Rotation.DONE;
      if (rotation == Rotation.SKIPPED) {
        log.debug("session id-change skipped reason=signed-in-elsewhere idTag={}", oldTag);
        return oldId;
      }
      if (rotation == Rotation.GONE) {
        if (!authenticating) {
          vanished();
          throw new IllegalStateException("changeSessionId: the session was invalidated by another request");
        }
        // a sign-in on a session that was evicted or ended meanwhile: it goes on in a new session
        s.restart(newId, newKey, now);
        rotatedHere = true;
        session = s;
        issueCookie = true;
        clearCookie = false;
        count(SessionEvent.CREATED);
        Correlation.changed(this, s.idTag());
        log.debug("session created reason=sign-in-after-vanished from={} idTag={}", oldTag, s.idTag());
        backend.listeners().created(s);
        return newId;
      }
    } catch (StoreException e) {
      privilegeFailure = e; // the session stays under its old, maybe planted, id: commit nothing of it
      throw e;
    }
    s.rekey(newId, newKey, stored ? now : null);
    rotatedHere = true;
    issueCookie = true;
    clearCookie = false;
    backend.metrics().record(SessionEvent.ID_CHANGED);
    Correlation.changed(this, s.idTag());
    log.debug("session id-changed from={} idTag={}", oldTag, s.idTag());
    backend.listeners().idChanged(s, oldId);
    return newId;
  }

  /**
   * Renewal ({@code renewalInterval}): gives the session just loaded a new id when a renewal boundary,
   * its absolute start plus a whole number of intervals, has passed since its last recorded access; and
   * forces a touch at commit, so the recorded access moves past the boundary and later requests do not
   * renew again. Data, principal and absolute deadline stay; the old id is dead in the store at once.
   *
   * <p>Races: unlike {@link #changeId}, a request whose {@code changeKey} finds the session already
   * moved by a racing request (that renewed it, or changed its id for another reason) does not rotate
   * again: the old id is dead either way and the winner's response carries the new one. It follows to
   * the current key, carries on there under the id it knew, and sends no cookie. A passive request
   * never renews, nor does a request that first asks for its session after its response was committed
   * (the new cookie could not be sent). A store failure fails the load, as a failed read does.
   */
  private boolean renewalDue() {
    java.time.Duration every = backend.settings().renewalInterval();
    return every != null && !passive && session != null && renewalDue(session.loadedRecord(), every, now);
  }

  /** Whether a renewal found due at load still waits for the commit. */
  boolean renewalPending() {
    return renewalPending;
  }

  /**
   * Renews the id now, at the commit, if the load found it due: as late as can be, so that requests the
   * client sends with the old cookie meanwhile still find the session. Called by {@link Commit} before
   * it saves.
   */
  void renewIfDue() {
    if (!renewalPending) {
      return;
    }
    renewalPending = false;
    HttpSessionView s = session;
    if (s == null || s.isInvalid() || !s.isStored() || s.movedAway()) {
      return; // ended, or moved on by another request, whose response carries the live id
    }
    if (rotatedHere) {
      s.touch(HttpSessionView.Touch.FORCED); // this request changed the id already: record the access
      return;
    }
    if (outerResponse != null && outerResponse.isCommitted()) {
      // the new id could not reach the client, and the old one would be dead: the next request renews;
      // no touch either, or the recorded access would pass the boundary and this renewal would be lost
      s.touch(HttpSessionView.Touch.NEVER);
      log.debug("session renewal deferred reason=response-committed idTag={}", s.idTag());
      return;
    }
    String oldId = s.getId();
    String oldTag = s.idTag();
    String newId = SessionIds.generate(backend.settings().random());
    String newKey = SessionIds.storeKey(newId);
    if (!backend.repository().changeKey(s.key(), newKey, now)) {
      if (follow(s)) {
        log.debug("session renewal skipped reason=renewed-elsewhere idTag={}", oldTag);
      } else {
        log.debug("session vanished during renewal idTag={}", oldTag);
        session = null;
        requestedValid = false;
        Correlation.changed(this, null);
      }
      return;
    }
    s.rekey(newId, newKey, now);
    s.touch(HttpSessionView.Touch.FORCED);
    renewedId = newId;
    issueCookie = true;
    clearCookie = false;
    backend.metrics().record(SessionEvent.ID_CHANGED);
    Correlation.changed(this, s.idTag());
    log.debug("session id-changed reason=renewal from={} idTag={}", oldTag, s.idTag());
    backend.listeners().idChanged(s, oldId);
  }

  /**
   * Whether {@code record}, read at {@code now}, is due for renewal: the latest boundary
   * {@code absoluteStart + k * every} (k at least 1) not after {@code now} is after its last access.
   */
  static boolean renewalDue(SessionRecord record, java.time.Duration every, Instant now) {
    long sinceStart = java.time.Duration.between(record.absoluteStart(), now).toMillis();
    long everyMillis = Math.max(1, every.toMillis());
    if (sinceStart < everyMillis) {
      return false;
    }
    Instant boundary = record.absoluteStart().plusMillis(sinceStart - sinceStart % everyMillis);
    return record.lastAccessedAt().isBefore(boundary);
  }

  /** How a rotation of the stored session ended. */
  private enum Rotation { DONE, SKIPPED, GONE }

  /**
   * Moves the stored session to {@code newKey}, following the moves of racing requests: DONE; SKIPPED
   * (see {@link #changeId}); or GONE when the session was evicted or ended meanwhile, or when a sign-in
   * finds that someone else signed in on it meanwhile.
   */
  private Rotation rotate(HttpSessionView s, String newKey, boolean authenticating, String principal) {
    SessionRepository repository = backend.repository();
    for (int attempt = 0; attempt < MAX_FOLLOWS; attempt++) {
      if (repository.changeKey(s.key(), newKey, now)) {
        return Rotation.DONE;
      }
      if (!follow(s)) {
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
        return authenticating ? Rotation.GONE : Rotation.SKIPPED;
      }
    }
    return Rotation.GONE;
  }

  /**
   * Saves {@code delta}, following the session if another request changed its id meanwhile.
   *
   * @return false if the session is gone (invalidated or expired elsewhere)
   */
  boolean save(HttpSessionView s, SessionDelta delta) {
    SessionRepository repository = backend.repository();
    for (int attempt = 0; attempt < MAX_FOLLOWS; attempt++) {
      if (repository.save(s.key(), delta)) {
        return true;
      }
      if (!follow(s)) {
        return false;
      }
    }
    return false;
  }

  /** Deletes the stored session wherever racing id changes moved it; throws if the store fails. */
  private void delete(HttpSessionView s) {
    SessionRepository repository = backend.repository();
    for (int attempt = 0; attempt < MAX_FOLLOWS; attempt++) {
      if (repository.delete(s.key()) || !follow(s)) {
        return;
      }
    }
  }

  /** Points the view at the key its session moved to (an id change by another request); false if none. */
  private boolean follow(HttpSessionView s) {
    Optional<String> to = backend.repository().movedTo(s.key());
    if (to.isEmpty()) {
      return false;
    }
    log.debug("session followed reason=id-changed-elsewhere idTag={}", s.idTag());
    s.moved(to.get());
    issueCookie = false; // this request's id is dead; the request that moved it sends the live one
    return true;
  }

  /** After a successful {@code login()}: a new id, and the absolute timeout restarts. */
  void loggedIn(Principal principal) {
    HttpSessionView s = session(false);
    if (s != null) {
      String name = principal != null ? principal.getName() : null;
      changeId(true, name);
      s.authenticate(name, now, name != null ? client() : null);
      limitSessions(s);
    }
  }

  /**
   * Holds the signed-in user to {@code maxSessionsPerUser} ({@link SessionLimit}); costs nothing when no
   * limit is set or nobody signed in.
   *
   * @throws dev.cloakroom.SessionLimitException if the policy refuses the sign-in
   */
  private void limitSessions(HttpSessionView s) {
    if (backend.settings().maxSessionsPerUser() > 0 && s.principal() != null && session == s) {
      SessionLimit.enforce(this, s);
    }
  }

  /**
   * Writes a sign-in at once rather than at commit, so that other requests (on any node) counting the
   * user's sessions see it: the new session's header, or the authentication of a stored one.
   *
   * @return false if the session vanished from the store meanwhile (then it is forgotten)
   */
  boolean writeSignIn(HttpSessionView s) {
    if (!s.isStored()) {
      SessionRecord record = s.toSignInRecord();
      backend.repository().create(record);
      s.storedEarly(record);
      return true;
    }
    if (save(s, s.authenticationDelta(s.authenticationNow()))) {
      return true;
    }
    log.debug("session vanished during sign-in idTag={}", s.idTag());
    vanished();
    return false;
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
    issueCookie = false;
    clearCookie = true;
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
      delete(s); // a failure propagates: the session stays valid, never reported as signed out
    }
  }

  @Override
  public void invalidated(HttpSessionView s) {
    backend.metrics().record(SessionEvent.INVALIDATED);
    log.debug("session invalidated idTag={}", s.idTag());
    session = null;
    issueCookie = false;
    clearCookie = resolution().requestedId() != null || s.isStored();
  }

  @Override
  public void checkAttribute(HttpSessionView s, String name, Object value) {
    if (name.equals(backend.settings().principalAttribute())) {
      principalName(value);
    }
  }

  /**
   * A change of the principal's <em>name</em> is a privilege change: a new id, and the absolute timeout
   * restarts. Storing another object for the same name (a refreshed user profile) is neither.
   */
  @Override
  public void attributeChanged(HttpSessionView s, String name, Object old, Object value) {
    if (dev.cloakroom.SessionFilter.REMEMBER_ME.equals(name)) {
      issueCookie = !s.movedAway(); // the cookie's Max-Age follows the flag; a dead id is never re-sent
      return;
    }
    if (!name.equals(backend.settings().principalAttribute())) {
      return;
    }
    String principal = principalName(value);
    if (Objects.equals(principal, s.principal())) {
      return;
    }
    if (s.isStored()) {
      changeId(true, principal);
    }
    s.authenticate(principal, now, principal != null ? client() : null);
    if (principal != null && s.isStored()) {
      log.debug("session authenticated idTag={}", s.idTag());
    }
    limitSessions(s);
  }

  /**
   * The name of a principal attribute value: a {@code String} as it is, a {@link Principal}'s
   * {@code getName()}, or what the configured function makes of it.
   *
   * @throws IllegalArgumentException for any other value, or an empty or over-long name
   */
  private String principalName(Object value) {
    if (value == null) {
      return null;
    }
    java.util.function.Function<Object, String> naming = backend.settings().principalName();
    String name;
    if (naming != null) {
      name = naming.apply(value);
    } else if (value instanceof String text) {
      name = text;
    } else if (value instanceof Principal p) {
      name = p.getName();
    } else {
      throw new IllegalArgumentException("setAttribute: " + backend.settings().principalAttribute()
          + " holds the signed-in user and takes a String or a java.security.Principal, not a "
          + value.getClass().getName() + "; or give Settings.Builder.principalName a function in code");
    }
    if (name == null || name.isEmpty() || name.length() > MAX_PRINCIPAL_CHARS) {
      throw new IllegalArgumentException("setAttribute: " + backend.settings().principalAttribute()
          + " gives a principal name that is empty or longer than " + MAX_PRINCIPAL_CHARS + " characters");
    }
    return name;
  }

  /** Counts {@code event}, and for the anomaly signals against the client's address. */
  private void count(SessionEvent event) {
    backend.metrics().record(event);
    AnomalyDetector anomalies = backend.anomalies();
    if (anomalies.watches(event)) {
      if (clientAddress == null) {
        clientAddress = backend.proxies().clientAddress(request);
      }
      anomalies.seen(clientAddress, event, now);
    }
  }

  /** The tag of the current session's id, or null when there is none. */
  @Override
  public String idTagNow() {
    HttpSessionView s = session;
    return s == null ? null : s.idTag();
  }

  /** The exchange of a request that passed through the filter, or null. */
  static Exchange of(jakarta.servlet.ServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof Exchange x ? x : null;
  }

  // ---- for the commit

  /**
   * The response of the outermost dispatch, where the commit writes: an included servlet's response
   * ignores headers, so a cookie written through it would be lost.
   */
  HttpServletResponse outerResponse() {
    return outerResponse;
  }

  /** What the response already carries of our cookie. */
  Commit.CookieMemo memo() {
    return memo;
  }

  HttpSessionView current() {
    return session;
  }

  boolean issueCookie() {
    return issueCookie;
  }

  boolean clearCookie() {
    return clearCookie;
  }

  /** Forgets cookie work already written. */
  void cookieWritten() {
    issueCookie = false;
    clearCookie = false;
  }

  /** The cookie must be written again (the response was reset). */
  void cookieLost(boolean wasIssue) {
    if (wasIssue && session != null) {
      issueCookie = true;
    } else if (!wasIssue) {
      clearCookie = true;
    }
  }

  /**
   * The session vanished from the store under us (invalidated or expired by another request, maybe on
   * another node): forget it. The cookie is left alone: the client may already hold a newer one from
   * the request that ended this session, and the old id is dead in the store anyway.
   */
  void vanished() {
    session = null;
    issueCookie = false;
    clearCookie = false;
  }

  /** A privilege change that failed in this request, or null: then nothing may be committed. */
  RuntimeException privilegeFailure() {
    return privilegeFailure;
  }

}

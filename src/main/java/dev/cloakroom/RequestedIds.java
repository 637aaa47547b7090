package dev.cloakroom;

import dev.cloakroom.event.SessionEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session ids one request carries, validated before any store call: only well-formed ids, at most
 * {@link #MAX_CANDIDATES} of them; with signing keys, only ids whose tag verifies, as bare ids. They
 * come from the first {@link SessionResolver} in the declared order that the request carries a value
 * in (or, if none, the first declared one), and every answer goes back through that same resolver: a
 * header id never gets a cookie. A rejected id is counted and logged here, by its tag.
 *
 * <p>Made once per request, when the app first asks about its session; immutable.
 */
final class RequestedIds {

  /** Most ids of one request looked up in the store. */
  static final int MAX_CANDIDATES = 3;

  private static final Logger log = LoggerFactory.getLogger(RequestedIds.class);

  private final SessionResolver resolver;
  private final String requestedId;
  private final List<String> candidates;
  /** Verified ids signed by a key other than the first: their value is re-issued under the first. */
  private final Set<String> staleSigned;

  private RequestedIds(SessionResolver resolver, String requestedId, List<String> candidates, Set<String> staleSigned) {
    this.resolver = resolver;
    this.requestedId = requestedId;
    this.candidates = candidates;
    this.staleSigned = staleSigned;
  }

  /** The ids the request of {@code x} carries. */
  static RequestedIds of(Exchange x) {
    Backend backend = x.backend();
    IdSigner signer = backend.settings().signingKeys();
    Predicate<String> acceptable = signer == null ? SessionIds::isWellFormed : IdSigner::isSignedShape;
    SessionResolver resolver = null;
    CookieResolver.Resolution found = null;
    for (Settings.IdSource source : backend.settings().sessionIdSources()) {
      SessionResolver r = source == Settings.IdSource.COOKIE
          ? new CookieResolver(x.cookie(), x.now()) : new HeaderResolver(backend.settings().sessionHeader());
      CookieResolver.Resolution res = r.resolve(x.request(), acceptable, MAX_CANDIDATES);
      if (resolver == null || res.requestedId() != null) {
        resolver = r; // the first declared source answers a request that carries none
      }
      if (res.requestedId() != null) {
        found = res;
        break;
      }
    }
    if (found == null) {
      return new RequestedIds(resolver, null, List.of(), Set.of());
    }
    RequestedIds ids = signer == null ? new RequestedIds(resolver, found.requestedId(), found.candidates(), Set.of())
        : verified(x, resolver, signer, found);
    if (ids.candidates.isEmpty()) {
      SessionEvent event = signer == null ? SessionEvent.REJECTED_MALFORMED : SessionEvent.REJECTED_BAD_SIGNATURE;
      if (signer == null || found.candidates().isEmpty()) { // a failed tag is counted in verified()
        x.count(event);
        log.debug("session rejected reason={} idTag={}", signer == null ? "malformed" : "bad-signature",
            IdTag.of(ids.requestedId));
      }
    }
    return ids;
  }

  /**
   * The candidates whose tag verifies, as bare ids; no store call. The requested id becomes the bare id
   * when its tag verifies, so the app sees ids, never signed values.
   */
  private static RequestedIds verified(Exchange x, SessionResolver resolver, IdSigner signer,
      CookieResolver.Resolution found) {
    List<String> ids = new ArrayList<>(found.candidates().size());
    Set<String> stale = Set.of();
    String requested = found.requestedId();
    for (String value : found.candidates()) {
      IdSigner.Verified v = signer.verify(value);
      if (v == null) {
        x.count(SessionEvent.REJECTED_BAD_SIGNATURE);
        log.debug("session rejected reason=bad-signature idTag={}", IdTag.of(value));
        continue;
      }
      ids.add(v.sessionId());
      if (!v.current()) {
        if (stale.isEmpty()) {
          stale = new HashSet<>();
        }
        stale.add(v.sessionId());
      }
      if (value.equals(requested)) {
        requested = v.sessionId();
      }
    }
    return new RequestedIds(resolver, requested, ids, stale);
  }

  /** Where this request's ids come from and its answers go to. */
  SessionResolver resolver() {
    return resolver;
  }

  /** The id the request named (the first of its values), verified or not; null if none. */
  String requestedId() {
    return requestedId;
  }

  /** The ids worth a store lookup, in the request's order: well-formed and, with signing keys, verified. */
  List<String> candidates() {
    return candidates;
  }

  /** Whether {@code sessionId} came signed by a key other than the first, and so is signed again. */
  boolean staleSigned(String sessionId) {
    return staleSigned.contains(sessionId);
  }
}

package dev.cloakroom;

import dev.cloakroom.codec.CodecException;
import dev.cloakroom.store.LiveAttributes;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;

/**
 * {@link HttpSession} over a stored {@link SessionRecord}, for one request: the servlet API with its
 * listener events, as a container gives them, and the session's header (id, store key, times,
 * authentication) as this request changes it, from which the commit takes the new record or the delta.
 * The attribute values are held by an {@link AttributeTable}, which decodes them when first read and
 * encodes them again at commit.
 *
 * <p>A session whose record holds {@link LiveAttributes} (the memory store, unless
 * {@code memoryEncoding} is set) is the container's kind instead: it has no table; attribute calls read
 * and write those shared objects at once, nothing is encoded or decoded, and the delta carries header
 * fields only. Listener events are the same, except activation: live objects are never passivated.
 *
 * <p>Not thread-safe, like the request it belongs to.
 */
final class HttpSessionView implements HttpSession {

  private final Backend backend;
  private final SessionHost host;
  private final boolean createdHere;
  private String id;
  private String idTag;
  private SessionRecord base;
  private boolean stored;
  private boolean invalid;
  private boolean movedAway;
  private boolean destroying;
  private Duration idleTimeout;
  private boolean idleChanged;
  private SessionDelta.Authentication authentication;
  /** The attribute values; null for a session of live objects. */
  private final AttributeTable table;
  private Touch touch = Touch.THROTTLED;
  /** Whether a commit of this request looked at the session yet. */
  private boolean seenByCommit;

  /** When a commit writes the last-access time. */
  enum Touch {
    /** With any change, and otherwise once per touch interval: the default. */
    THROTTLED,
    /** At the next save even if nothing else changed (a renewal), then throttled again. */
    FORCED,
    /** Never: a passive request; its own changes are written without moving the idle timer. */
    NEVER
  }

  HttpSessionView(Backend backend, SessionHost host, String id, SessionRecord base, boolean createdHere) {
    this.backend = backend;
    this.host = host;
    this.id = id;
    this.base = base;
    this.createdHere = createdHere;
    this.stored = !createdHere;
    this.idleTimeout = base.idleTimeout();
    this.table = base.live() == null ? new AttributeTable(backend, this) : null;
  }

  /**
   * Tells listeners that a session died outside the request that uses it (expired, or signed out from
   * another device). {@code sessionId} is the id when the caller has it (expiry found on access);
   * otherwise the store key stands in, since the store never holds raw ids.
   */
  static void destroyed(Backend backend, SessionRecord record, String sessionId) {
    new HttpSessionView(backend, SessionHost.DETACHED, sessionId != null ? sessionId : record.key(), record, false)
        .destroy();
  }

  // ---- state for the exchange and the commit

  String key() {
    return base.key();
  }

  /** The record as loaded or last saved. */
  SessionRecord loadedRecord() {
    return base;
  }

  boolean isStored() {
    return stored;
  }

  boolean isInvalid() {
    return invalid;
  }

  /** The loggable tag of the id, computed once per id (an HMAC). */
  String idTag() {
    if (idTag == null) {
      idTag = IdTag.of(id);
    }
    return idTag;
  }

  Instant absoluteExpiry() {
    Instant start = authentication != null ? authentication.authenticatedAt() : base.absoluteStart();
    return start.plus(base.absoluteTimeout());
  }

  /**
   * Gives the session a new id and store key (the store was already told, if it holds the session).
   *
   * @param changedAt when the store recorded the change, or null (a session not stored yet)
   */
  void rekey(String newId, String newKey, Instant changedAt) {
    id = newId;
    idTag = null;
    base = base.withKey(newKey, changedAt);
    movedAway = false;
  }

  /**
   * The session moved to {@code newKey} under another request's id change; this view keeps its id (it
   * must not learn the new one) and writes to the new key from now on.
   */
  void moved(String newKey) {
    base = base.withKey(newKey);
    movedAway = true;
  }

  /**
   * Whether another request's id change moved this session away from the id this view knows: its id is
   * dead, and must never be sent in a cookie again.
   */
  boolean movedAway() {
    return movedAway;
  }

  /**
   * The stored session vanished (evicted to make room, or ended by another request), or someone else
   * signed in on it, while this request signs someone in: this view becomes a new session under
   * {@code newId} holding only the attributes this request set, so the sign-in succeeds and no data of
   * the other session comes along.
   */
  void restart(String newId, String newKey, Instant now) {
    id = newId;
    idTag = null;
    stored = false;
    movedAway = false;
    if (table != null) {
      table.keepOnlySet(); // the vanished session's data may be another user's by now
    }
    base = new SessionRecord(newKey, now, now, null, base.idleTimeout(), base.absoluteTimeout(), null, Map.of(),
        base.live() != null ? new LiveAttributes() : null);
  }

  /** Whether {@code current} (the stored session now) has the authentication this view loaded. */
  boolean sameAuthentication(SessionRecord current) {
    return java.util.Objects.equals(current.principal(), base.principal())
        && java.util.Objects.equals(current.authenticatedAt(), base.authenticatedAt());
  }

  /** The principal as it will be stored at commit (a pending authentication wins). */
  String principal() {
    return authentication != null ? authentication.principal() : base.principal();
  }

  /** A pending sign-in (or sign-out, with a null principal) of {@code client}, saved at commit. */
  void authenticate(String principal, Instant at, dev.cloakroom.store.ClientFingerprint client) {
    authentication = new SessionDelta.Authentication(principal, at, client);
  }

  /** The authentication as it stands: the pending one, else the stored one ({@link #storedAuthentication}). */
  SessionDelta.Authentication authenticationNow() {
    return authentication != null ? authentication : storedAuthentication();
  }

  /**
   * The authentication the store holds for this session (none yet for a new one), for undoing a
   * refused sign-in; a session never signed in gives its creation time, so restoring it keeps the
   * absolute deadline.
   */
  SessionDelta.Authentication storedAuthentication() {
    return new SessionDelta.Authentication(base.principal(),
        base.authenticatedAt() != null ? base.authenticatedAt() : base.createdAt(), base.client());
  }

  /**
   * The header of a session made in this request, with its pending authentication and no attribute of
   * this request: the early write of a sign-in ({@code maxSessionsPerUser}), so that other nodes count
   * it. The commit writes the attributes after.
   */
  SessionRecord toSignInRecord() {
    return withHeader(base.attributes());
  }

  /** The record as loaded, with this request's idle timeout and pending authentication, holding {@code attrs}. */
  private SessionRecord withHeader(Map<String, byte[]> attrs) {
    SessionDelta.Authentication a = authentication;
    return new SessionRecord(base.key(), base.createdAt(), base.lastAccessedAt(),
        a != null ? a.authenticatedAt() : base.authenticatedAt(), idleTimeout, base.absoluteTimeout(),
        a != null ? a.principal() : base.principal(), attrs, base.live())
        .withMetadata(base.idChangedAt(), a != null ? a.client() : base.client());
  }

  /**
   * The store holds {@code record} ({@link #toSignInRecord}) now; attribute changes and the pending
   * authentication stay for the commit, which saves them as a delta.
   */
  void storedEarly(SessionRecord record) {
    stored = true;
    base = record;
  }

  /**
   * A delta of an authentication alone, for the early write of a sign-in and its undoing: no touch (the
   * commit decides that), no attribute.
   */
  SessionDelta authenticationDelta(SessionDelta.Authentication a) {
    return new SessionDelta(Map.of(), Set.of(), null, null, a,
        SessionRecord.expiresAt(base.lastAccessedAt(), idleTimeout, a.authenticatedAt(), base.absoluteTimeout()));
  }

  /**
   * Another request ended this session in the store and told the listeners: this view is invalid from
   * now on, without telling them again.
   */
  void endedElsewhere() {
    invalid = true;
  }

  /** The session's idle timeout as it stands in this request (changed by {@code setMaxInactiveInterval}). */
  Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * The last access the store will hold after this request's commit, as things stand: {@code now} when
   * the commit writes a touch (forced, or any change, or the touch interval passed; never on a passive
   * request), else the recorded one. Reads fields only.
   */
  Instant lastAccessAfterCommit(Instant now, Duration configuredTouchInterval) {
    boolean writes = touch == Touch.FORCED || touch == Touch.THROTTLED && (!stored || changedSinceSave()
        || touchIntervalPassed(now, configuredTouchInterval));
    return writes ? now : base.lastAccessedAt();
  }

  /** Whether the last recorded access is at least this session's touch interval ({@link #touchInterval}) old. */
  private boolean touchIntervalPassed(Instant now, Duration configuredTouchInterval) {
    return !now.isBefore(base.lastAccessedAt().plus(touchInterval(configuredTouchInterval, idleTimeout)));
  }

  /**
   * Whether a commit of this request looked at the session yet: until one did, a value read and
   * mutated in place may be waiting, which only encoding shows.
   */
  boolean seenByCommit() {
    return seenByCommit;
  }

  void markSeenByCommit() {
    seenByCommit = true;
  }

  /** Sets when this request's commits write the last-access time. */
  void touch(Touch policy) {
    touch = policy;
  }

  /** The whole record, for the first write of a session made in this request. */
  SessionRecord toNewRecord() {
    return withHeader(table != null ? table.toStore() : base.attributes());
  }

  /** After the first write: the store holds {@code record}. */
  void created(SessionRecord record) {
    stored = true;
    rebase(record);
  }

  /**
   * What this request changed, or null if nothing needs writing: no attribute changed and the last
   * access was recorded less than the session's touch interval ago ({@link #touchInterval}).
   */
  SessionDelta delta(Instant now, Duration touchInterval) {
    // the common read-only request changes nothing: the table allocates the delta's maps only when it does
    Map<String, byte[]> changed = table != null ? table.changedValues() : Map.of();
    Set<String> removed = table != null ? table.removedNames() : Set.of();
    boolean touchDue = touch == Touch.FORCED || touch == Touch.THROTTLED && touchIntervalPassed(now, touchInterval);
    if (changed.isEmpty() && removed.isEmpty() && !idleChanged && authentication == null && !touchDue) {
      return null;
    }
    Instant touchAt = touch == Touch.NEVER ? null : now; // a passive request's changes move no timer
    Instant absoluteStart = authentication != null ? authentication.authenticatedAt() : base.absoluteStart();
    return new SessionDelta(changed, removed, touchAt, idleChanged ? idleTimeout : null, authentication,
        SessionRecord.expiresAt(touchAt != null ? touchAt : base.lastAccessedAt(), idleTimeout, absoluteStart,
            base.absoluteTimeout()));
  }

  /**
   * The touch interval of one session: the smaller of the configured one and a quarter of the
   * session's idle timeout, so the touch that keeps a clicking user signed in is always due well before
   * the idle deadline, for every idle timeout (issue 7, case 1). A session that never idles out uses the
   * configured interval.
   */
  static Duration touchInterval(Duration configured, Duration idleTimeout) {
    if (idleTimeout.isZero() || idleTimeout.isNegative()) {
      return configured;
    }
    // Duration.dividedBy goes through BigDecimal, and this runs on every request's commit
    long seconds = idleTimeout.getSeconds();
    Duration quarter = Duration.ofSeconds(seconds / 4, ((seconds % 4) * 1_000_000_000L + idleTimeout.getNano()) / 4);
    return quarter.compareTo(configured) < 0 ? quarter : configured;
  }

  /**
   * Whether this request changed the session since it was last saved in a way known without encoding:
   * an attribute set or removed, the idle timeout, the principal. (A value read and then mutated in
   * place shows only when encoded, which {@link #delta} does.)
   */
  boolean changedSinceSave() {
    // called before every write of the body: field reads only, no iteration
    return table != null && table.changed() || idleChanged || authentication != null || touch == Touch.FORCED;
  }

  /** After a successful save of {@code delta}. */
  void saved(SessionDelta delta) {
    if (touch == Touch.FORCED) {
      touch = Touch.THROTTLED;
    }
    rebase(base.apply(delta));
  }

  private void rebase(SessionRecord record) {
    base = record;
    if (table != null) {
      table.rebased();
    }
    idleChanged = false;
    authentication = null;
  }

  // ---- HttpSession

  private void checkValid(String method) {
    if (invalid) {
      throw new IllegalStateException(method + ": the session has been invalidated");
    }
  }

  @Override
  public long getCreationTime() {
    checkValid("getCreationTime");
    return base.createdAt().toEpochMilli();
  }

  @Override
  public String getId() {
    return id;
  }

  @Override
  public long getLastAccessedTime() {
    checkValid("getLastAccessedTime");
    return base.lastAccessedAt().toEpochMilli();
  }

  @Override
  public ServletContext getServletContext() {
    return backend.servletContext();
  }

  @Override
  public void setMaxInactiveInterval(int interval) {
    idleTimeout = Duration.ofSeconds(interval);
    idleChanged = !idleTimeout.equals(base.idleTimeout());
  }

  @Override
  public int getMaxInactiveInterval() {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, idleTimeout.toSeconds()));
  }

  @Override
  public Object getAttribute(String name) {
    checkValid("getAttribute");
    return value(name);
  }

  /** The value of {@code name}: the live object, or the table's, decoded on first use. */
  private Object value(String name) {
    if (table != null) {
      return table.get(name);
    }
    return name == null ? null : base.live().get(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    checkValid("getAttributeNames");
    return Collections.enumeration(table != null ? table.names() : base.live().names());
  }

  @Override
  public void setAttribute(String name, Object value) {
    checkValid("setAttribute");
    if (name == null) {
      throw new IllegalArgumentException("setAttribute: name must not be null");
    }
    if (value == null) {
      removeAttribute(name);
      return;
    }
    host.checkAttribute(this, name, value);
    if (table == null) {
      setLive(base.live(), name, value);
      return;
    }
    byte[] encoded;
    try {
      encoded = backend.codec().encode(value);
    } catch (CodecException e) {
      throw new IllegalArgumentException("setAttribute: " + name + " cannot be stored: " + e.getMessage(), e);
    }
    Object old = table.get(name);
    binding(name, value, old);
    AttributeTable.Slot before = table.set(name, value, encoded);
    bound(name, value, old);
    try {
      host.attributeChanged(this, name, old, value);
    } catch (RuntimeException e) {
      // a refused sign-in or a failed privilege change must not leave the new value in the session
      table.restore(name, before);
      throw e;
    }
  }

  /** setAttribute on live objects: visible to the session's other requests at once, as in a container. */
  private void setLive(LiveAttributes live, String name, Object value) {
    Object old = live.get(name);
    boolean principal = name.equals(backend.settings().principalAttribute());
    if (principal) {
      // the privilege change first: the new user must never show in the map under the old id
      host.attributeChanged(this, name, old, value);
      if (invalid) {
        return; // the session limit ended this very session (a newer sign-in holds the place)
      }
      live = base.live(); // a sign-in that had to start a new session has a map of its own
    }
    binding(name, value, old);
    Object previous = live.put(name, value);
    bound(name, value, previous);
    if (!principal) {
      host.attributeChanged(this, name, previous, value);
    }
  }

  /** Before {@code value} is stored under {@code name} in place of {@code old}: it hears it is bound. */
  private void binding(String name, Object value, Object old) {
    if (value != old && value instanceof HttpSessionBindingListener l) {
      Listeners.safely(this, "valueBound", () -> l.valueBound(new HttpSessionBindingEvent(this, name, value)));
    }
  }

  /**
   * After {@code value} took the place of {@code old} (null: none) under {@code name}: the old value
   * hears it is unbound, then the attribute listeners hear of the addition or replacement.
   */
  private void bound(String name, Object value, Object old) {
    if (old == null) {
      backend.listeners().added(this, name, value);
      return;
    }
    if (old != value && old instanceof HttpSessionBindingListener l) {
      Listeners.safely(this, "valueUnbound", () -> l.valueUnbound(new HttpSessionBindingEvent(this, name, old)));
    }
    backend.listeners().replaced(this, name, old);
  }

  @Override
  public void removeAttribute(String name) {
    checkValid("removeAttribute");
    // live objects leave the shared map at once; the table records the removal for the commit
    Object old = table != null ? table.get(name) : name == null ? null : base.live().remove(name);
    boolean removed = table != null ? table.remove(name, old) : old != null;
    if (!removed) {
      return;
    }
    unbound(name, old);
    host.attributeChanged(this, name, old, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A listener that calls it while the session is being destroyed (from {@code sessionDestroyed} or
   * {@code valueUnbound}) gets the {@link IllegalStateException} the spec gives for an invalidated
   * session, instead of starting the destruction again (issue 7, case 9).
   */
  @Override
  public void invalidate() {
    checkValid("invalidate");
    if (destroying) {
      throw new IllegalStateException("invalidate: the session is being invalidated");
    }
    host.invalidating(this); // the store first: if the delete fails, nothing is reported as ended
    destroy();
    host.invalidated(this);
  }

  /**
   * The end of the session as listeners see it, as a container does it: {@code sessionDestroyed} while
   * the attributes are still readable, then each attribute unbound and removed; then the session is
   * invalid. Touches no store: the caller deletes. Runs once: a listener that re-enters
   * {@link #invalidate()} meanwhile is refused.
   */
  void destroy() {
    if (destroying || invalid) {
      return;
    }
    destroying = true;
    try {
      backend.listeners().destroyed(this);
      LiveAttributes live = base.live();
      for (String name : Collections.list(getAttributeNames())) {
        // live objects leave the shared map too, so a concurrent request no longer sees them; whoever
        // removes a value tells its listeners, once
        Object old = live != null ? live.remove(name) : value(name);
        unbound(name, old);
      }
    } finally {
      destroying = false;
      invalid = true;
    }
  }

  private void unbound(String name, Object old) {
    if (old instanceof HttpSessionBindingListener l) {
      Listeners.safely(this, "valueUnbound", () -> l.valueUnbound(new HttpSessionBindingEvent(this, name, old)));
    }
    if (old != null) {
      backend.listeners().removed(this, name, old);
    }
  }

  @Override
  public boolean isNew() {
    checkValid("isNew");
    return createdHere;
  }

  @Override
  public String toString() {
    return "HttpSession[idTag=" + idTag() + (invalid ? ", invalid" : "") + "]";
  }
}

package dev.cloakroom.store;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One stored session, as a repository holds it: a snapshot, never mutated after construction.
 *
 * <p>The {@code key} is the store key, a hash of the session id (base64url of its SHA-256):
 * a record never holds the raw id, so a dump of the store holds no usable session id. Attribute
 * values are encoded bytes ({@link dev.cloakroom.codec.AttributeCodec}); the core decodes them
 * lazily and drops a value that no longer decodes. A store that keeps live objects (the memory store,
 * by default) holds them in {@link #live()} instead, shared by every request of the session, and its
 * encoded {@code attributes} stay empty.
 *
 * <p>Expiry: a session is dead at {@link #expiresAt()}, the earlier of its idle deadline
 * ({@code lastAccessedAt + idleTimeout}, none when the idle timeout is zero or negative) and its
 * absolute deadline ({@code (authenticatedAt or createdAt) + absoluteTimeout}). Stores use it only to
 * clean up; the filter decides expiry.
 *
 * @param key             store key (hash of the id); never null
 * @param createdAt       creation time
 * @param lastAccessedAt  last recorded access (written at most once per touch interval)
 * @param authenticatedAt time of the last authentication, or null if the session never authenticated;
 *                        the absolute timeout counts from it when set
 * @param idleTimeout     idle (sliding) timeout; zero or negative means no idle expiry
 * @param absoluteTimeout absolute timeout, positive
 * @param principal       name of the authenticated principal, or null
 * @param attributes      encoded attribute values by name; copied, unmodifiable
 * @param live            the live attribute objects, shared by every request and kept through id
 *                        changes; null for a session whose attributes are encoded (every remote store)
 * @param idChangedAt     when the session's id last changed (an id change, a sign-in, a renewal), on the
 *                        filter's clock; null when it never changed since creation (since 0.2)
 * @param client          the {@link ClientFingerprint} of the request that signed the session in; null
 *                        for an anonymous session, or when the store holds none (since 0.2)
 * @since 0.1
 */
public record SessionRecord(
    String key,
    Instant createdAt,
    Instant lastAccessedAt,
    Instant authenticatedAt,
    Duration idleTimeout,
    Duration absoluteTimeout,
    String principal,
    Map<String, byte[]> attributes,
    LiveAttributes live,
    Instant idChangedAt,
    ClientFingerprint client) {

  public SessionRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastAccessedAt, "lastAccessedAt");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
    // no map per session when there is nothing in it (a live session, a fresh one)
    // and no copy of a map a record made already (a record with a new key or new metadata shares it)
    attributes = attributes.isEmpty() ? Map.of() : attributes instanceof Frozen ? attributes : new Frozen(attributes);
  }

  /** A record of encoded attributes (no live objects), as every remote store holds it; no metadata. */
  public SessionRecord(String key, Instant createdAt, Instant lastAccessedAt, Instant authenticatedAt,
      Duration idleTimeout, Duration absoluteTimeout, String principal, Map<String, byte[]> attributes) {
    this(key, createdAt, lastAccessedAt, authenticatedAt, idleTimeout, absoluteTimeout, principal, attributes, null,
        null, null);
  }

  /** A record without metadata: its id never changed, and no client fingerprint. */
  public SessionRecord(String key, Instant createdAt, Instant lastAccessedAt, Instant authenticatedAt,
      Duration idleTimeout, Duration absoluteTimeout, String principal, Map<String, byte[]> attributes,
      LiveAttributes live) {
    this(key, createdAt, lastAccessedAt, authenticatedAt, idleTimeout, absoluteTimeout, principal, attributes, live,
        null, null);
  }

  /**
   * This record with the given metadata (the rest unchanged), for stores reading it back.
   *
   * @param idChangedAt when the id last changed, or null
   * @param client      the sign-in fingerprint, or null
   * @since 0.2
   */
  public SessionRecord withMetadata(Instant idChangedAt, ClientFingerprint client) {
    return new SessionRecord(key, createdAt, lastAccessedAt, authenticatedAt, idleTimeout, absoluteTimeout,
        principal, attributes, live, idChangedAt, client);
  }

  /** The instant the absolute timeout counts from: the last authentication, else creation. */
  public Instant absoluteStart() {
    return authenticatedAt != null ? authenticatedAt : createdAt;
  }

  /** The instant this session dies if nothing touches it again. */
  public Instant expiresAt() {
    return expiresAt(lastAccessedAt, idleTimeout, absoluteStart(), absoluteTimeout);
  }

  /** Whether the session is dead at {@code now}. */
  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt());
  }

  /** Whether it died of its idle timeout (as opposed to its absolute timeout) at {@code now}. */
  public boolean isIdleExpired(Instant now) {
    if (idleTimeout.isZero() || idleTimeout.isNegative()) {
      return false;
    }
    Instant idle = lastAccessedAt.plus(idleTimeout);
    // an idle deadline after the absolute one never killed the session, even once it has passed too
    return !now.isBefore(idle) && !idle.isAfter(absoluteStart().plus(absoluteTimeout));
  }

  /** The expiry rule in one place, for records and deltas alike. */
  public static Instant expiresAt(
      Instant lastAccessedAt, Duration idleTimeout, Instant absoluteStart, Duration absoluteTimeout) {
    Instant absolute = absoluteStart.plus(absoluteTimeout);
    if (idleTimeout.isZero() || idleTimeout.isNegative()) {
      return absolute;
    }
    Instant idle = lastAccessedAt.plus(idleTimeout);
    return idle.isBefore(absolute) ? idle : absolute;
  }

  /**
   * This record with {@code delta} applied; used by stores that keep records whole. The last access
   * time only moves forward: a touch older than the one recorded is ignored. Keeps {@link #live()} and
   * {@link #idChangedAt()}; an authentication in the delta sets the {@link #client()} with the principal.
   */
  public SessionRecord apply(SessionDelta delta) {
    Map<String, byte[]> attrs = attributes;
    if (delta.hasAttributeChanges()) {
      attrs = new LinkedHashMap<>(attributes);
      delta.removed().forEach(attrs::remove);
      attrs.putAll(delta.changed());
    }
    return new SessionRecord(
        key,
        createdAt,
        // last access only moves forward: a long request's start time never undoes a later request's touch
        delta.lastAccessedAt() != null && delta.lastAccessedAt().isAfter(lastAccessedAt)
            ? delta.lastAccessedAt() : lastAccessedAt,
        delta.authentication() != null ? delta.authentication().authenticatedAt() : authenticatedAt,
        delta.idleTimeout() != null ? delta.idleTimeout() : idleTimeout,
        absoluteTimeout,
        delta.authentication() != null ? delta.authentication().principal() : principal,
        attrs,
        live,
        idChangedAt,
        delta.authentication() != null ? delta.authentication().client() : client);
  }

  /** This record under another key; the same {@link #live()} objects and metadata. */
  public SessionRecord withKey(String newKey) {
    return withKey(newKey, idChangedAt);
  }

  /**
   * This record under another key, its id changed at {@code changedAt} (an id change); the same
   * {@link #live()} objects.
   *
   * @param changedAt when the id changed; null keeps {@link #idChangedAt()} as it is
   * @since 0.2
   */
  public SessionRecord withKey(String newKey, Instant changedAt) {
    return new SessionRecord(newKey, createdAt, lastAccessedAt, authenticatedAt, idleTimeout,
        absoluteTimeout, principal, attributes, live, changedAt != null ? changedAt : idChangedAt, client);
  }

  /** Total encoded attribute bytes, for size reports. */
  public int attributeBytes() {
    return attributes.values().stream().mapToInt(v -> v.length).sum();
  }

  /**
   * The read-only copy of the attributes a record makes: only this class makes one, so it is never
   * changed. Serialized as a plain unmodifiable map, so no private class name reaches a stream.
   */
  private static final class Frozen extends AbstractMap<String, byte[]> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, byte[]> map;

    Frozen(Map<String, byte[]> attributes) {
      this.map = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    @Override
    public Set<Entry<String, byte[]>> entrySet() {
      return map.entrySet();
    }

    @Override
    public byte[] get(Object name) {
      return map.get(name);
    }

    @Override
    public boolean containsKey(Object name) {
      return map.containsKey(name);
    }

    @Override
    public int size() {
      return map.size();
    }

    private Object writeReplace() {
      return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
  }

  @Override
  public String toString() {
    // the key is a hash, not the id, but it still identifies a stored session: show a prefix only
    return "SessionRecord[key=" + key.substring(0, Math.min(6, key.length())) + "…, createdAt=" + createdAt
        + ", lastAccessedAt=" + lastAccessedAt + ", principal=" + (principal != null ? "set" : "none")
        + (idChangedAt != null ? ", idChangedAt=" + idChangedAt : "") + (client != null ? ", client=set" : "")
        + ", attributes=" + (live != null ? live.names() : attributes.keySet()) + "]";
  }
}

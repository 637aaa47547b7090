package dev.cloakroom.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one request changed in a session: attributes set or removed, and header fields.
 *
 * <p>Deltas are per attribute, so two requests that change different attributes of one session both
 * land (spring-session #1849). A null header field means "unchanged".
 *
 * @param changed        encoded values of attributes set (or mutated in place) by the request
 * @param removed        names of attributes removed; disjoint from {@code changed}
 * @param lastAccessedAt new last-access time (a touch), or null for no touch
 * @param idleTimeout    new per-session idle timeout, or null if unchanged
 * @param authentication new principal and authentication time, or null if unchanged
 * @param expiresAt      the session's expiry after this delta; stores refresh TTLs and cleanup
 *                       indexes from it; never null
 * @since 0.1
 */
public record SessionDelta(
    Map<String, byte[]> changed,
    Set<String> removed,
    Instant lastAccessedAt,
    Duration idleTimeout,
    Authentication authentication,
    Instant expiresAt) {

  public SessionDelta {
    changed = Collections.unmodifiableMap(new LinkedHashMap<>(changed));
    removed = Collections.unmodifiableSet(new LinkedHashSet<>(removed));
    Objects.requireNonNull(expiresAt, "expiresAt");
    for (String name : removed) {
      if (changed.containsKey(name)) {
        throw new IllegalArgumentException("attribute both changed and removed: " + name);
      }
    }
  }

  /** Whether the delta changes attributes (as opposed to only header fields). */
  public boolean hasAttributeChanges() {
    return !changed.isEmpty() || !removed.isEmpty();
  }

  /**
   * A principal change: the new principal name (null when de-authenticated), when it happened, and the
   * {@link ClientFingerprint} of the request that made it. A store sets the session's principal,
   * authentication time and client together from it; a null {@code client} clears the stored one.
   *
   * @param principal       the new principal, or null
   * @param authenticatedAt when it changed; never null
   * @param client          the signing-in client, or null (always null with a null principal in the
   *                        filter's deltas) (since 0.2)
   */
  public record Authentication(String principal, Instant authenticatedAt, ClientFingerprint client) {
    public Authentication {
      Objects.requireNonNull(authenticatedAt, "authenticatedAt");
    }

    /** A principal change without a client fingerprint. */
    public Authentication(String principal, Instant authenticatedAt) {
      this(principal, authenticatedAt, null);
    }
  }
}

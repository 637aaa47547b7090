package dev.cloakroom;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.ClientFingerprint;
import dev.cloakroom.store.SessionRecord;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed-in user's sessions, for "your devices" pages: list them, revoke one, sign out everywhere
 * else, or everywhere. A session belongs to a user once it is authenticated: by {@code login()} or by
 * setting the {@code principalAttribute}.
 *
 * <p>Sessions are named by a {@link Device#handle()}, the session's store key (a hash of its id): it
 * can be shown and posted back, and it cannot be used as a session id. Revoked sessions are deleted in
 * the store at once, and their {@code sessionDestroyed} listeners run.
 *
 * <p>One inventory serves one request; not thread-safe.
 *
 * @since 0.1
 */
public final class SessionInventory {

  private static final Logger log = LoggerFactory.getLogger(SessionInventory.class);

  /**
   * One session of the user.
   *
   * @param handle         the session's store key: shown and posted back to {@link #revoke}, never a
   *                       usable session id
   * @param createdAt      when the session was created
   * @param lastAccessedAt its last recorded access (written at most once per touch interval)
   * @param expiresAt      when it dies if nothing touches it again
   * @param current        whether it is this request's session
   * @param browser        the browser family and major version it signed in with, such as
   *                       {@code Chrome 131} ({@link ClientFingerprint#browser()}); null when the store
   *                       holds no fingerprint for it (since 0.2)
   * @param network        the network it signed in from, such as {@code 203.0.113.0/24}
   *                       ({@link ClientFingerprint#network()}); null when the store holds no fingerprint
   *                       (since 0.2)
   * @param idChangedAt    when its id last changed; null when it never changed since creation (since 0.2)
   */
  public record Device(String handle, Instant createdAt, Instant lastAccessedAt, Instant expiresAt, boolean current,
      String browser, String network, Instant idChangedAt) {

    /** A device without metadata (no fingerprint, id never changed). */
    public Device(String handle, Instant createdAt, Instant lastAccessedAt, Instant expiresAt, boolean current) {
      this(handle, createdAt, lastAccessedAt, expiresAt, current, null, null, null);
    }

    /** The device of a stored session; {@code current} when it is this request's. */
    static Device of(SessionRecord r, boolean current) {
      ClientFingerprint client = r.client();
      return new Device(r.key(), r.createdAt(), r.lastAccessedAt(), r.expiresAt(), current,
          client != null ? client.browser() : null, client != null ? client.network() : null, r.idChangedAt());
    }
  }

  private final Exchange exchange;
  private final HttpSessionView session;
  private final String principal;

  private SessionInventory(Exchange exchange, HttpSessionView session, String principal) {
    this.exchange = exchange;
    this.session = session;
    this.principal = principal;
  }

  /**
   * The inventory of the user signed in to this request's session.
   *
   * @return empty if the request has no session or its session is not authenticated
   * @throws IllegalStateException if the request did not pass through the {@code SessionFilter}
   */
  public static Optional<SessionInventory> of(HttpServletRequest request) {
    Exchange x = Exchange.of(request, "SessionInventory");
    HttpSessionView s = x.session(false);
    if (s == null || s.principal() == null) {
      return Optional.empty();
    }
    return Optional.of(new SessionInventory(x, s, s.principal()));
  }

  /** The name of the user whose sessions these are. */
  public String principal() {
    return principal;
  }

  /** The user's live sessions, most recently used first; this request's own is marked current. */
  public List<Device> devices() {
    Instant now = exchange.now();
    return exchange.backend().repository().findByPrincipal(principal, now).stream()
        .map(r -> Device.of(r, r.key().equals(session.key())))
        .sorted(Comparator.comparing(Device::lastAccessedAt).reversed())
        .toList();
  }

  /**
   * Revokes one of the user's other sessions.
   *
   * @return false if no session of this user has that handle (or it is this request's own: use
   *     {@code invalidate()} for that)
   */
  public boolean revoke(String handle) {
    if (handle == null || handle.equals(session.key())) {
      return false;
    }
    boolean ours = exchange.backend().repository().findByPrincipal(principal, exchange.now()).stream()
        .anyMatch(r -> r.key().equals(handle));
    if (!ours) {
      return false;
    }
    Optional<SessionRecord> record = exchange.backend().repository().load(handle);
    if (record.isEmpty() || !exchange.backend().repository().delete(handle)) {
      return false;
    }
    destroyed(List.of(record.get()));
    return true;
  }

  /** Signs the user out everywhere but here. @return how many sessions were revoked */
  public int revokeOthers() {
    return destroyed(exchange.backend().repository().deleteByPrincipal(principal, session.key()));
  }

  /** Signs the user out everywhere, this session included. @return how many sessions were revoked */
  public int revokeAll() {
    int others = revokeOthers();
    session.invalidate();
    return others + 1;
  }

  private int destroyed(List<SessionRecord> records) {
    for (SessionRecord r : records) {
      exchange.backend().metrics().record(SessionEvent.INVALIDATED);
      HttpSessionView.destroyed(exchange.backend(), r, null);
    }
    log.debug("sessions revoked count={} idTag={}", records.size(), session.idTag());
    return records.size();
  }
}

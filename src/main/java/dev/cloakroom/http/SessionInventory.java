package dev.cloakroom.http;

import dev.cloakroom.event.SessionEvent;
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

  /** One session of the user. */
  public record Device(String handle, Instant createdAt, Instant lastAccessedAt, Instant expiresAt, boolean current) {}

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
    Exchange x = Exchange.of(request);
    if (x == null) {
      throw new IllegalStateException("SessionInventory: the request did not pass through the SessionFilter");
    }
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
        .map(r -> new Device(r.key(), r.createdAt(), r.lastAccessedAt(), r.expiresAt(), r.key().equals(session.key())))
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

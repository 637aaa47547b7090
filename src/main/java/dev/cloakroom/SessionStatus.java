package dev.cloakroom;

import dev.cloakroom.store.SessionRecord;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only snapshot of this request's session, for a developer panel or a "session info" page: its
 * times, whether it is signed in, which kind of store holds it, and the cookie that carries it. Never
 * the id, nor anything of the store's address or credentials.
 *
 * <p>Taking one never creates a session and writes nothing: on a passive request ({@code passivePaths},
 * {@code passiveHeader}) the session stays exactly as it was; on an ordinary request the session was
 * accessed anyway, as by {@code getSession(false)}.
 *
 * <p>Immutable and thread-safe; the snapshot does not follow later changes in the request.
 *
 * @since 0.2
 */
public final class SessionStatus {

  /** Why the session the request's cookie named had ended when the filter looked it up. */
  public enum EndReason {
    /** Its idle timeout ran out. */
    IDLE,
    /** Its absolute timeout ran out. */
    ABSOLUTE
  }

  /**
   * The session cookie as this request's response sets it; never its value.
   *
   * @param name        the cookie's name, prefix included ({@code __Host-SID}, or {@code SID} over plain http)
   * @param path        its {@code Path}
   * @param domain      its {@code Domain}, or null when none (the cookie goes to this host only)
   * @param secure      whether it is {@code Secure}
   * @param httpOnly    whether it is {@code HttpOnly} (always)
   * @param sameSite    its {@code SameSite} value: {@code Lax}, {@code Strict} or {@code None}
   * @param maxAge      its {@code Max-Age}, or null for a browser-session cookie
   * @param partitioned whether it is {@code Partitioned}
   */
  public record Cookie(String name, String path, String domain, boolean secure, boolean httpOnly, String sameSite,
      Duration maxAge, boolean partitioned) {}

  private final Instant createdAt;
  private final Instant lastAccessedAt;
  private final Instant idleExpiresAt;
  private final Instant absoluteExpiresAt;
  private final Instant idChangedAt;
  private final boolean authenticated;
  private final String store;
  private final Cookie cookie;

  private SessionStatus(Instant createdAt, Instant lastAccessedAt, Instant idleExpiresAt, Instant absoluteExpiresAt,
      Instant idChangedAt, boolean authenticated, String store, Cookie cookie) {
    this.createdAt = createdAt;
    this.lastAccessedAt = lastAccessedAt;
    this.idleExpiresAt = idleExpiresAt;
    this.absoluteExpiresAt = absoluteExpiresAt;
    this.idChangedAt = idChangedAt;
    this.authenticated = authenticated;
    this.store = store;
    this.cookie = cookie;
  }

  /**
   * The status of this request's session.
   *
   * @return empty when the request has no session (none is created)
   * @throws IllegalStateException if the request did not pass through the {@code SessionFilter}
   * @throws dev.cloakroom.store.StoreUnavailableException if the store cannot be read (the filter
   *     answers 503), as for {@code getSession(false)}
   */
  public static Optional<SessionStatus> of(HttpServletRequest request) {
    Exchange x = Exchange.of(Objects.requireNonNull(request, "request"), "SessionStatus.of");
    HttpSessionView s = x.session(false);
    if (s == null || s.isInvalid()) {
      return Optional.empty();
    }
    SessionRecord base = s.loadedRecord();
    Instant now = x.now();
    Duration idle = s.idleTimeout();
    IdRotation rotation = x.rotationIfAny();
    Instant access = rotation != null && rotation.renewalPending() ? now
        : s.lastAccessAfterCommit(now, x.backend().settings().touchInterval());
    CookiePolicy.Cookie c = x.cookie();
    Cookie cookie = new Cookie(c.name(), c.attributes().path(), c.attributes().domain(), c.attributes().secure(),
        true, c.attributes().sameSite().text(), Commit.maxAge(x, s), c.attributes().partitioned());
    return Optional.of(new SessionStatus(base.createdAt(), base.lastAccessedAt(),
        idle.isZero() || idle.isNegative() ? null : access.plus(idle), s.absoluteExpiry(),
        base.idChangedAt() != null ? base.idChangedAt() : base.createdAt(), s.principal() != null,
        StoreLocator.name(x.backend().settings(), x.backend().repository()), cookie));
  }

  /**
   * Whether the session the request's cookie (or session header) named had ended when the filter looked
   * it up in this request, and why: for a "your session expired" message. Looks the session up if the
   * app has not asked for it yet (as {@code getSession(false)} does); creates none.
   *
   * @return {@link EndReason#IDLE} or {@link EndReason#ABSOLUTE}; empty when the request named no
   *     session, or one that is alive, unknown, forged, or already removed by the sweeper or another
   *     request
   * @throws IllegalStateException if the request did not pass through the {@code SessionFilter}
   */
  public static Optional<EndReason> previousEnd(HttpServletRequest request) {
    Exchange x = Exchange.of(Objects.requireNonNull(request, "request"), "SessionStatus.previousEnd");
    x.session(false);
    return Optional.ofNullable(x.previousEnd());
  }

  /** When the session was created. */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * The session's last access as the store recorded it when this request looked (written at most once
   * per {@code touchInterval}, so it may lag behind the latest request); this request's own access is
   * not in it yet.
   */
  public Instant lastAccessedAt() {
    return lastAccessedAt;
  }

  /**
   * When the session dies of its idle timeout if no other request comes: its last access as the store
   * will hold it after this request (this request's time when its commit writes the access, which an
   * ordinary request does at most once per {@code touchInterval} and a passive request never; else the
   * recorded one) plus its idle timeout. Null when the session has no idle timeout. The session may end
   * earlier, at {@link #absoluteExpiresAt()}.
   */
  public Instant idleExpiresAt() {
    return idleExpiresAt;
  }

  /** When the session dies whatever happens: its authentication (else creation) time plus the absolute timeout. */
  public Instant absoluteExpiresAt() {
    return absoluteExpiresAt;
  }

  /**
   * When the session's id last changed (an id change, a sign-in, a renewal), as the store recorded it;
   * the creation time when it never changed, or when the store keeps no such time (a custom repository
   * written before 0.2).
   */
  public Instant idChangedAt() {
    return idChangedAt;
  }

  /** Whether a user is signed in to the session ({@code login()} or the {@code principalAttribute}). */
  public boolean authenticated() {
    return authenticated;
  }

  /**
   * The kind of store holding the session: {@code memory}, {@code redis} or {@code jdbc}, or the simple
   * class name of a custom repository. Never an address, a URL or a credential.
   */
  public String store() {
    return store;
  }

  /** The session cookie as this request's response sets it (attributes only, never the id). */
  public Cookie cookie() {
    return cookie;
  }

  @Override
  public String toString() {
    return "SessionStatus[createdAt=" + createdAt + ", lastAccessedAt=" + lastAccessedAt + ", idleExpiresAt="
        + idleExpiresAt + ", absoluteExpiresAt=" + absoluteExpiresAt + ", idChangedAt=" + idChangedAt
        + ", authenticated=" + authenticated + ", store=" + store + ", cookie=" + cookie + "]";
  }
}

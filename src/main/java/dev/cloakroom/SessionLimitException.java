package dev.cloakroom;

/**
 * A sign-in refused because the user holds {@code maxSessionsPerUser} sessions already and
 * {@code sessionLimitPolicy} is {@code refuse} (see {@link Param#SESSION_LIMIT_POLICY}).
 *
 * <p>Thrown from the app's own sign-in call: {@code request.login(...)}, or
 * {@code session.setAttribute(principalAttribute, ...)}. By then the session is as it was before the
 * sign-in (anonymous, or signed in as before) under a new id, and the container's login is undone, so
 * the app can catch it and show a message such as "you are signed in on too many devices; sign out on
 * one of them first". Unchecked, so that {@code setAttribute} can throw it.
 *
 * <p>The message names the limit, never the user or a session id.
 *
 * @since 0.2
 */
public class SessionLimitException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The limit that was reached. */
  private final int limit;

  /** @param limit the {@code maxSessionsPerUser} that was reached */
  public SessionLimitException(int limit) {
    super("sign-in refused: the user holds " + limit + " sessions already, the most maxSessionsPerUser allows");
    this.limit = limit;
  }

  /** The {@code maxSessionsPerUser} that was reached. */
  public int limit() {
    return limit;
  }
}

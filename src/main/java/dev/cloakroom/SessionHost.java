package dev.cloakroom;

/**
 * What a {@link HttpSessionView} reports to: the request's {@link Exchange}, or nothing for a session
 * shown to listeners after it died outside any request ({@link #DETACHED}). Each report does nothing
 * unless the host says otherwise.
 */
interface SessionHost {

  /** A host for sessions destroyed by the sweeper or "sign out everywhere": nothing to report to. */
  SessionHost DETACHED = new SessionHost() {};

  /**
   * An attribute is about to be set, before anything changes: throw {@link IllegalArgumentException}
   * to refuse the value.
   */
  default void checkAttribute(HttpSessionView s, String name, Object value) {}

  /** An attribute was set or removed: the principal attribute may have changed. */
  default void attributeChanged(HttpSessionView s, String name, Object old, Object value) {}

  /**
   * {@code invalidate()} begins: delete the session from the store. A failure propagates, and the
   * session stays valid: a sign-out that did not happen is never reported as done.
   */
  default void invalidating(HttpSessionView s) {}

  /** {@code invalidate()} ran its events: forget the session and clear the cookie. */
  default void invalidated(HttpSessionView s) {}
}

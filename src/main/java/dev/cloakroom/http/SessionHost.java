package dev.cloakroom.http;

/**
 * What a {@link HttpSessionView} reports to: the request's {@link Exchange}, or nothing for a session
 * shown to listeners after it died outside any request ({@link #DETACHED}).
 */
interface SessionHost {

  /** A host for sessions destroyed by the sweeper or "sign out everywhere": nothing to report to. */
  SessionHost DETACHED = new SessionHost() {
    @Override
    public void attributeChanged(HttpSessionView s, String name, Object old, Object value) {}

    @Override
    public void invalidated(HttpSessionView s) {}
  };

  /** An attribute was set or removed: the principal attribute may have changed. */
  void attributeChanged(HttpSessionView s, String name, Object old, Object value);

  /** {@code invalidate()} ran its events: delete the session and clear the cookie. */
  void invalidated(HttpSessionView s);
}

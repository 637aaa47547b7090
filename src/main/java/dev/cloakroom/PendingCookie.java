package dev.cloakroom;

/**
 * Which session cookie this response is to get, decided as the request goes and carried out by
 * {@link Commit}: the id issued (a new session, an id change, a remember-me change, a re-signing), the
 * cookie cleared (the session ended), or nothing; and what the response carries of it already, so that
 * a reset of the response puts it back and a later write replaces it. One per request, shared by its
 * dispatches; not thread-safe.
 */
final class PendingCookie {

  private boolean issue;
  private boolean clear;
  /** The response carries our header. */
  private boolean written;
  /** What that header did: issue the id, else clear the cookie. */
  private boolean writtenIssue;

  /** The session's id must reach the client: a new session, or a new id. */
  void issue() {
    issue = true;
    clear = false;
  }


  /** Whether a commit has a cookie to write or clear. */
  boolean due() {
    return issue || clear;
  }


  /** The session ended: the client's cookie is cleared. */
  void clear() {
    issue = false;
    clear = true;
  }


  /** Whether the commit issues the id (else it clears the cookie). */
  boolean issuing() {
    return issue;
  }

  /** Nothing to write after all: the session vanished under the request, or it is written already. */
  void cancel() {
    issue = false;
    clear = false;
  }


  /**
   * The cookie's attributes changed (the remember-me flag sets its {@code Max-Age}): the id goes out
   * again; a clear still pending stays behind it.
   */
  void issueAgain() {
    issue = true;
  }


  /**
   * The id this request knows is dead: another request moved the session on, and that request's
   * response carries the live id. A clear still pending stays.
   */
  void withhold() {
    issue = false;
  }


  /** The commit wrote what was pending; the response now carries it. */
  void written() {
    written = true;
    writtenIssue = issue;
    cancel();
  }

  /**
   * The response was reset and our header went with it: what it did is pending again (an issued id
   * only while the request still has its session).
   */
  void reset(boolean sessionAlive) {
    if (!written) {
      return;
    }
    if (!writtenIssue) {
      clear = true;
    } else if (sessionAlive) {
      issue = true;
    }
    written = false;
  }
}

package dev.cloakroom;

import java.security.Principal;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user signing in to (or out of) the request's session: by a successful {@code login()}, or by a
 * change of the configured {@code principalAttribute}'s name. Either is a privilege change: the session
 * gets a new id ({@link IdRotation}), its absolute timeout restarts, the sign-in client's fingerprint
 * is kept, and the user is held to {@code maxSessionsPerUser} ({@link SessionLimit}). Storing another
 * object for the same name (a refreshed user profile) is none of that.
 *
 * <p>Stateless; used by one request's {@link Exchange}.
 */
final class SignIn {

  /** Longest principal name accepted (it becomes part of store index keys). */
  static final int MAX_PRINCIPAL_CHARS = 512;

  private static final Logger log = LoggerFactory.getLogger(SignIn.class);

  private SignIn() {}

  /** After a successful {@code login()}: a new id, and the absolute timeout restarts. */
  static void loggedIn(Exchange x, Principal principal) {
    HttpSessionView s = x.session(false);
    if (s != null) {
      String name = principal != null ? principal.getName() : null;
      x.rotation().change(true, name);
      s.authenticate(name, x.now(), name != null ? x.client() : null);
      limit(x, s);
    }
  }

  /**
   * The principal attribute of {@code s} was set to {@code value} (null: removed): a change of the
   * name signs the user in (or out).
   *
   * @throws dev.cloakroom.SessionLimitException if the session limit refuses the sign-in
   */
  static void principalSet(Exchange x, HttpSessionView s, Object value) {
    String principal = principalName(x, value);
    if (Objects.equals(principal, s.principal())) {
      return;
    }
    if (s.isStored()) {
      x.rotation().change(true, principal);
    }
    s.authenticate(principal, x.now(), principal != null ? x.client() : null);
    if (principal != null && s.isStored()) {
      log.debug("session authenticated idTag={}", s.idTag());
    }
    limit(x, s);
  }

  /**
   * The name of a principal attribute value: a {@code String} as it is, a {@link Principal}'s
   * {@code getName()}, or what the configured function makes of it; null for null.
   *
   * @throws IllegalArgumentException for any other value, or an empty or over-long name
   */
  static String principalName(Exchange x, Object value) {
    if (value == null) {
      return null;
    }
    String attribute = x.backend().settings().principalAttribute();
    Function<Object, String> naming = x.backend().settings().principalName();
    String name;
    if (naming != null) {
      name = naming.apply(value);
    } else if (value instanceof String text) {
      name = text;
    } else if (value instanceof Principal p) {
      name = p.getName();
    } else {
      throw new IllegalArgumentException("setAttribute: " + attribute
          + " holds the signed-in user and takes a String or a java.security.Principal, not a "
          + value.getClass().getName() + "; or give Settings.Builder.principalName a function in code");
    }
    if (name == null || name.isEmpty() || name.length() > MAX_PRINCIPAL_CHARS) {
      throw new IllegalArgumentException("setAttribute: " + attribute
          + " gives a principal name that is empty or longer than " + MAX_PRINCIPAL_CHARS + " characters");
    }
    return name;
  }

  /**
   * Holds the signed-in user to {@code maxSessionsPerUser} ({@link SessionLimit}); costs nothing when no
   * limit is set or nobody signed in.
   *
   * @throws dev.cloakroom.SessionLimitException if the policy refuses the sign-in
   */
  private static void limit(Exchange x, HttpSessionView s) {
    if (x.backend().settings().maxSessionsPerUser() > 0 && s.principal() != null && x.current() == s) {
      SessionLimit.enforce(x, s);
    }
  }
}

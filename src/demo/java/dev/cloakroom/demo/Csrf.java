package dev.cloakroom.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Cross-site request forgery checks for every POST form: the form's hidden field {@value #FIELD} must
 * carry the session's token whenever the request has a session; and a browser's {@code Origin} and
 * {@code Sec-Fetch-Site} headers, when sent, must say the same origin. A request without a session has
 * no session to ride on: only the origin check applies to it (a first add to cart, a sign-in).
 */
final class Csrf {

  static final String FIELD = "csrf";
  private static final String ATTRIBUTE = "csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Csrf() {}

  /** The session's token, made on first use; null when the request has no session. */
  static String token(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Object token = session.getAttribute(ATTRIBUTE);
    if (token instanceof String s) {
      return s;
    }
    return renew(session);
  }

  /** Gives the session a fresh token (at sign-in) and returns it. */
  static String renew(HttpSession session) {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    session.setAttribute(ATTRIBUTE, token);
    return token;
  }

  /** Whether this POST may proceed. */
  static boolean valid(HttpServletRequest request) {
    if (!sameOrigin(request)) {
      return false;
    }
    HttpSession session = request.getSession(false);
    if (session == null) {
      return true;
    }
    Object expected = session.getAttribute(ATTRIBUTE);
    String given = request.getParameter(FIELD);
    return expected instanceof String e && given != null
        && MessageDigest.isEqual(e.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean sameOrigin(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return false;
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true; // not a browser's cross-site form: browsers send Origin on every POST
    }
    String host = request.getHeader("Host");
    try {
      String authority = URI.create(origin).getRawAuthority();
      return host != null && authority != null && authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

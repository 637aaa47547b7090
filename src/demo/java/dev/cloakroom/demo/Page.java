package dev.cloakroom.demo;

import dev.cloakroom.SessionStatus;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What every page servlet shares: security headers, the CSRF check on POST, the signed-in user, the
 * one-shot flash message, and the way to the sign-in page when the session ended.
 */
abstract class Page extends HttpServlet {

  /** The session attribute holding the signed-in user's name: the filter's {@code principalAttribute}. */
  static final String USER = "user";
  private static final String FLASH = "flash";
  /** Where the sign-in page may send the user back to; anything else goes to the shop. */
  private static final Set<String> NEXT = Set.of("/", "/cart", "/account", "/devices");

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    securityHeaders(response);
    if ("POST".equals(request.getMethod()) && !Csrf.valid(request)) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    super.service(request, response);
  }

  /** The headers every page of the demo sends, error pages included: no caching, no framing, no sniffing. */
  static void securityHeaders(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    response.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:;"
        + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  }

  /** The signed-in user of {@code session} (null: none). */
  static String user(HttpSession session) {
    return session != null && session.getAttribute(USER) instanceof String name ? name : null;
  }

  /** The signed-in user of this request, or null. */
  static String user(HttpServletRequest request) {
    return user(request.getSession(false));
  }

  /**
   * The signed-in user; else redirects to the sign-in page (saying why when the session just ended)
   * and returns null.
   */
  static String requireUser(HttpServletRequest request, HttpServletResponse response, String here)
      throws IOException {
    String user = user(request);
    if (user == null) {
      String ended = endedReason(request).map(r -> "&ended=" + r).orElse("");
      response.sendRedirect(request.getContextPath() + "/signin?next=" + here + ended);
    }
    return user;
  }

  /**
   * {@code idle} or {@code absolute} when this request's cookie named a session the filter found
   * expired just now; asks for the session first, so the lookup has happened.
   */
  static Optional<String> endedReason(HttpServletRequest request) {
    request.getSession(false);
    return SessionStatus.previousEnd(request).map(r -> r.name().toLowerCase(Locale.ROOT));
  }

  /** Sends a GET for a page that has no session of its own anymore to the sign-in page, saying why. */
  static boolean redirectIfEnded(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Optional<String> ended = endedReason(request);
    if (ended.isPresent()) {
      response.sendRedirect(request.getContextPath() + "/signin?ended=" + ended.get());
      return true;
    }
    return false;
  }

  /** A path of this webapp to go back to after signing in: one of a fixed few, else {@code /}. */
  static String next(String requested) {
    return requested != null && NEXT.contains(requested) ? requested : "/";
  }

  /** Leaves {@code message} for the next page this session shows. */
  static void flash(HttpSession session, String message) {
    session.setAttribute(FLASH, message);
  }

  /** The message left for this page, removed; or null. */
  static String takeFlash(HttpSession session) {
    if (session.getAttribute(FLASH) instanceof String message) {
      session.removeAttribute(FLASH);
      return message;
    }
    return null;
  }

  /** The hidden CSRF field of a form, when the request has a session. */
  static void csrfField(Html html, HttpServletRequest request) {
    String token = Csrf.token(request);
    if (token != null) {
      html.fmt("<input type=\"hidden\" name=\"{}\" value=\"{}\">", Csrf.FIELD, token);
    }
  }

  /** A form's opening tag, posting to {@code path} of this webapp, with its CSRF field. */
  static void form(Html html, HttpServletRequest request, String path, String cssClass) {
    html.fmt("<form method=\"post\" action=\"{}\"", request.getContextPath() + path)
        .raw(cssClass == null ? "" : " class=\"" + cssClass + "\"").raw(">");
    csrfField(html, request);
  }
}

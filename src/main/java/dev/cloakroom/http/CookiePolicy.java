package dev.cloakroom.http;

import dev.cloakroom.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/**
 * Decides, per request, the session cookie's name and attributes from the settings: Secure (forced, or
 * automatic from {@code isSecure()} or {@code X-Forwarded-Proto: https} sent by a trusted proxy), the
 * name prefix, and the path. A cookie set over plain http is named without a prefix and is therefore
 * never read over https under the prefixed name: local development over http just works, and a
 * production site over https only ever accepts its {@code __Host-} cookie.
 */
final class CookiePolicy {

  private CookiePolicy() {}

  /** The cookie for one request: its full name and its attributes. */
  record Cookie(String name, SetCookie.Attributes attributes) {}

  static Cookie forRequest(Settings s, ProxyMatcher proxies, HttpServletRequest request) {
    boolean secure = s.cookieSecure() == Settings.CookieSecure.ALWAYS || isSecure(request, proxies);
    String path = s.cookiePath() != null ? s.cookiePath()
        : request.getContextPath().isEmpty() ? "/" : request.getContextPath();
    String prefix = switch (s.cookiePrefix()) {
      case HOST -> "__Host-";
      case SECURE -> "__Secure-";
      case NONE -> "";
      case AUTO -> !secure ? "" : s.cookieDomain() == null && path.equals("/") ? "__Host-" : "__Secure-";
    };
    return new Cookie(prefix + s.cookieName(),
        new SetCookie.Attributes(path, s.cookieDomain(), secure, s.cookieSameSite(), s.cookiePartitioned()));
  }

  private static boolean isSecure(HttpServletRequest request, ProxyMatcher proxies) {
    if (request.isSecure()) {
      return true;
    }
    if (!proxies.matches(request.getRemoteAddr())) {
      return false;
    }
    // the proxy nearest to us appends last; only its word counts
    Enumeration<String> values = request.getHeaders("X-Forwarded-Proto");
    String last = null;
    while (values != null && values.hasMoreElements()) {
      for (String part : values.nextElement().split(",")) {
        last = part.trim();
      }
    }
    return "https".equalsIgnoreCase(last);
  }
}

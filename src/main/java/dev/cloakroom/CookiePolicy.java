package dev.cloakroom;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, per request, the session cookie's name and attributes from the settings: Secure (forced, or
 * automatic from {@code isSecure()} or {@code X-Forwarded-Proto: https} sent by a trusted proxy), the
 * name prefix, and the path. A cookie set over plain http is named without a prefix and is therefore
 * never read over https under the prefixed name: local development over http just works, and a
 * production site over https only ever accepts its {@code __Host-} cookie.
 *
 * <p>An app not at {@code /} (with {@code cookiePrefix=auto}, no {@code cookiePath} and no
 * {@code cookieDomain}) gets, when Secure, a {@code __Host-} cookie with {@code Path=/} and a name of
 * its own, {@code __Host-SID-} followed by 8 hex digits of the SHA-256 of its context path (issue 7,
 * case 12). A {@code __Secure-} cookie with {@code Path=/ctx} could be planted by a sibling subdomain
 * with a longer path, sent first, and win; a {@code __Host-} cookie cannot be set by another host or
 * with another path, and the per-context name keeps two apps on one host apart.
 */
final class CookiePolicy {

  /** Context path to its cookie-name suffix; context paths come from the container, so few. */
  private static final ConcurrentHashMap<String, String> CONTEXT_SUFFIXES = new ConcurrentHashMap<>();

  private CookiePolicy() {}

  /** The cookie for one request: its full name and its attributes. */
  record Cookie(String name, SetCookie.Attributes attributes) {}

  static Cookie forRequest(Settings s, ProxyMatcher proxies, HttpServletRequest request) {
    boolean secure = s.cookieSecure() == Settings.CookieSecure.ALWAYS || isSecure(request, proxies);
    String context = request.getContextPath();
    String path = s.cookiePath() != null ? s.cookiePath() : context.isEmpty() ? "/" : context;
    String name = s.cookieName();
    String prefix = switch (s.cookiePrefix()) {
      case HOST -> "__Host-";
      case SECURE -> "__Secure-";
      case NONE -> "";
      case AUTO -> !secure ? "" : s.cookieDomain() != null ? "__Secure-" : "__Host-";
    };
    if (s.cookiePrefix() == Settings.CookiePrefix.AUTO && prefix.equals("__Host-") && !path.equals("/")) {
      // not at "/" and no cookiePath: a cookie of its own at Path=/, rather than a __Secure- one at /ctx
      if (s.cookiePath() == null) {
        path = "/";
        name = name + "-" + CONTEXT_SUFFIXES.computeIfAbsent(context, CookiePolicy::suffix);
      } else {
        prefix = "__Secure-"; // the operator chose the path
      }
    }
    return new Cookie(prefix + name,
        new SetCookie.Attributes(path, s.cookieDomain(), secure, s.cookieSameSite(), s.cookiePartitioned()));
  }

  /** 8 lowercase hex digits of the SHA-256 of {@code contextPath}. */
  static String suffix(String contextPath) {
    return HexFormat.of().formatHex(SessionIds.sha256(contextPath.getBytes(StandardCharsets.UTF_8)), 0, 4);
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

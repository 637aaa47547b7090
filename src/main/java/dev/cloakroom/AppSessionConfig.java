package dev.cloakroom;

import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's own session configuration ({@code <session-config>} in web.xml, or
 * {@code ServletContext.getSessionCookieConfig()} / {@code setSessionTimeout} in code) as Cloakroom's
 * defaults. Precedence: the filter's parameters, then the app's session config, then Cloakroom's
 * defaults. Settings that would weaken security are refused with a warning naming them: HttpOnly off,
 * and session ids in URLs.
 */
final class AppSessionConfig {

  private static final Logger log = LoggerFactory.getLogger(AppSessionConfig.class);
  private static final String CONTAINER_DEFAULT_NAME = "JSESSIONID";

  private AppSessionConfig() {}

  /** Sets from {@code context} every parameter the filter's own configuration left unset. */
  static void apply(Settings.Builder b, ServletContext context) {
    // no session manager (a Jetty ServletContextHandler without sessions): no session config to read;
    // its getSessionTimeout() answers 0, which is not the app asking for sessions that never expire
    if (context == null || context.getSessionCookieConfig() == null) {
      return;
    }
    b.door("session-config");
    try {
      cookie(b, context.getSessionCookieConfig(), context);
      timeout(b, context.getSessionTimeout());
      trackingModes(context);
    } finally {
      b.door("code");
    }
  }

  private static void cookie(Settings.Builder b, SessionCookieConfig c, ServletContext context) {
    String name = c.getName();
    if (name != null && !name.equals(CONTAINER_DEFAULT_NAME) && !b.isSet(Param.COOKIE_NAME.key())) {
      // the app's name is used as given (issue 7, case 11): a prefix only when it is part of that name,
      // or when the filter's own cookiePrefix asks for one
      Settings.CookiePrefix prefix = name.startsWith("__Host-") ? Settings.CookiePrefix.HOST
          : name.startsWith("__Secure-") ? Settings.CookiePrefix.SECURE : Settings.CookiePrefix.NONE;
      unlessSet(b, Param.COOKIE_PREFIX, prefix);
      if (prefix != Settings.CookiePrefix.NONE) {
        name = name.substring(name.indexOf('-') + 1); // "__Host-SID", "__Secure-SID": SID
        unlessSet(b, Param.COOKIE_SECURE, Settings.CookieSecure.ALWAYS); // browsers want Secure with a prefix
      }
      b.cookieName(name);
    }
    unlessSet(b, Param.COOKIE_PATH, c.getPath());
    unlessSet(b, Param.COOKIE_DOMAIN, c.getDomain());
    unlessSet(b, Param.COOKIE_SECURE, c.isSecure() ? Settings.CookieSecure.ALWAYS : null);
    unlessSet(b, Param.COOKIE_MAX_AGE, c.getMaxAge() > 0 ? Duration.ofSeconds(c.getMaxAge()) : null);
    if (c.getMaxAge() == 0) {
      log.warn("session-config refused setting=cookie-config/max-age=0 reason=the cookie would be deleted at once");
    }
    for (Map.Entry<String, String> a : c.getAttributes().entrySet()) {
      attribute(b, a.getKey(), a.getValue(), context);
    }
  }

  private static void attribute(Settings.Builder b, String key, String value, ServletContext context) {
    switch (key.toLowerCase(Locale.ROOT)) {
      case "httponly" -> {
        if ("false".equalsIgnoreCase(value) && !Containers.jettyHttpOnlyIsDefault(context)) {
          log.warn("session-config refused setting=cookie-config/http-only=false reason=scripts could read the"
              + " session id; the cookie stays HttpOnly");
        }
      }
      case "samesite" -> {
        if (!b.isSet(Param.COOKIE_SAME_SITE.key())) {
          b.cookieSameSite(sameSite(value));
        }
      }
      case "partitioned" -> unlessSet(b, Param.COOKIE_PARTITIONED, "true".equalsIgnoreCase(value) ? true : null);
      case "name", "secure", "max-age", "path", "domain", "comment" -> {
        // read through their own getters above (Jetty lists them among the attributes too); Comment is
        // obsolete (RFC 6265)
      }
      default -> log.warn("session-config ignored setting=cookie-config/attribute/{} reason=not a session cookie"
          + " attribute Cloakroom writes", key);
    }
  }

  private static Settings.SameSite sameSite(String value) {
    Settings.SameSite s = ParamType.choose(Settings.SameSite.class, value); // as the cookieSameSite parameter reads it
    if (s != null) {
      return s;
    }
    throw new SettingsException("session-config cookie attribute SameSite=" + value
        + " is not accepted; it accepts " + Param.COOKIE_SAME_SITE.accepts());
  }

  /** Sets {@code p} to {@code value}, unless it is null or the filter's own configuration set {@code p}. */
  private static void unlessSet(Settings.Builder b, Param p, Object value) {
    if (value != null && !b.isSet(p.key())) {
      b.set(p, value);
    }
  }

  private static void timeout(Settings.Builder b, int minutes) {
    if (b.isSet(Param.IDLE_TIMEOUT.key())) {
      return;
    }
    if (minutes <= 0) {
      log.warn("session-config refused setting=session-timeout={} reason=sessions would never time out when idle;"
          + " idleTimeout keeps its default", minutes);
      return;
    }
    Duration idle = Duration.ofMinutes(minutes);
    if (!b.isSet(Param.ABSOLUTE_TIMEOUT.key()) && idle.compareTo(b.absoluteTimeoutNow()) > 0) {
      throw new SettingsException("session-config session-timeout=" + minutes + " minutes is longer than"
          + " absoluteTimeout=" + b.absoluteTimeoutNow() + "; set the filter parameter absoluteTimeout at least as long");
    }
    b.idleTimeout(idle);
  }

  private static void trackingModes(ServletContext context) {
    Set<SessionTrackingMode> effective = context.getEffectiveSessionTrackingModes();
    if (effective != null && effective.contains(SessionTrackingMode.URL)
        && !effective.equals(context.getDefaultSessionTrackingModes())) {
      log.warn("session-config refused setting=tracking-mode=URL reason=session ids in URLs leak through logs,"
          + " history and Referer; Cloakroom reads the cookie only");
    }
  }
}

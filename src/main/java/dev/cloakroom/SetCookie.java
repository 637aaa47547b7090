package dev.cloakroom;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes the value of the session cookie's {@code Set-Cookie} header, attributes always in this order:
 *
 * <pre>{@code NAME=VALUE; Path=/p; Domain=d; Max-Age=N; Expires=IMF-fixdate; Secure; HttpOnly; SameSite=Lax; Partitioned}</pre>
 *
 * <p>HttpOnly and SameSite are always written; Domain, Max-Age, Secure and Partitioned only when asked
 * for. Max-Age always goes with the matching Expires, for clients older than Max-Age (RFC 6265 lets a
 * client that knows Max-Age prefer it). Inputs are checked, so a bad name, id or path can never split or forge a header; the messages
 * name the field and never hold the id. A name with a {@code __Host-} or {@code __Secure-} prefix must
 * come with the attributes browsers demand of it, or it is refused rather than silently dropped by the
 * browser.
 *
 * <p>Thread-safe; all methods are static.
 */
final class SetCookie {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern DOMAIN =
      Pattern.compile("\\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
  private static final String EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";
  /** RFC 9110's IMF-fixdate, such as {@code Sun, 06 Nov 1994 08:49:37 GMT} (two-digit day, English names). */
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /**
   * The cookie attributes that stay the same for an application. Checked on construction.
   *
   * @param path the Path attribute: starts with {@code /}, printable ASCII without {@code ;}; not null
   * @param domain the Domain attribute, or null for a host-only cookie (the default)
   * @param secure whether to write Secure
   * @param sameSite the SameSite attribute; not null. {@code None} needs {@code secure}
   * @param partitioned whether to write Partitioned (CHIPS); needs {@code secure}
   */
  record Attributes(String path, String domain, boolean secure, Settings.SameSite sameSite,
      boolean partitioned) {

    /** Checks every attribute. */
    Attributes {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(sameSite, "sameSite");
      if (!isPath(path)) {
        throw new IllegalArgumentException(
            "path is not accepted; it accepts printable ASCII without ';', starting with /");
      }
      if (domain != null && !isDomain(domain)) {
        throw new IllegalArgumentException("domain is not accepted; it accepts a domain name such as example.com");
      }
      if (sameSite == Settings.SameSite.NONE && !secure) {
        throw new IllegalArgumentException("sameSite=None needs secure: browsers reject it without Secure");
      }
      if (partitioned && !secure) {
        throw new IllegalArgumentException("partitioned needs secure: browsers reject it without Secure");
      }
    }
  }

  private SetCookie() {}

  /**
   * The header value that gives the client {@code sessionId} in a cookie that the browser drops when
   * it closes (no Max-Age, no Expires).
   *
   * @param name the cookie name, prefix included: an RFC 6265 token; not null
   * @param sessionId a well-formed id ({@link SessionIds#isWellFormed}); not null
   * @param a the attributes; not null
   * @throws IllegalArgumentException naming the bad field (never showing the id)
   */
  static String issue(String name, String sessionId, Attributes a) {
    return issue(name, sessionId, a, null, null);
  }

  /**
   * The header value that gives the client {@code sessionId}.
   *
   * @param name the cookie name, prefix included: an RFC 6265 token; not null
   * @param sessionId a well-formed id ({@link SessionIds#isWellFormed}) or a signed one
   *     ({@link IdSigner#isSignedShape}); not null
   * @param a the attributes; not null
   * @param maxAge the lifetime, written as whole seconds (rounded down, at least 0) in Max-Age and as
   *     {@code now} plus those seconds in Expires; null for a session cookie that the browser drops when
   *     it closes
   * @param now the time of the response, for Expires; not null when {@code maxAge} is not
   * @throws IllegalArgumentException naming the bad field (never showing the id)
   */
  static String issue(String name, String sessionId, Attributes a, Duration maxAge, Instant now) {
    checkName(name, a);
    if (!SessionIds.isWellFormed(sessionId) && !IdSigner.isSignedShape(sessionId)) {
      throw new IllegalArgumentException("sessionId is not a well-formed session id");
    }
    StringBuilder sb = start(name, sessionId, a);
    if (maxAge != null) {
      Objects.requireNonNull(now, "now");
      long seconds = Math.max(0, maxAge.getSeconds());
      sb.append("; Max-Age=").append(seconds).append("; Expires=")
          .append(IMF_FIXDATE.format(now.plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS)));
    }
    return finish(sb, a);
  }

  /**
   * The header value that removes the cookie: empty value, {@code Max-Age=0} and an {@code Expires} in
   * 1970 for clients older than Max-Age. Pass the attributes the cookie was issued with (Path and
   * Domain must match for the browser to drop it).
   *
   * @throws IllegalArgumentException naming the bad field
   */
  static String clear(String name, Attributes a) {
    checkName(name, a);
    return finish(start(name, "", a).append("; Max-Age=0; Expires=").append(EPOCH), a);
  }

  private static StringBuilder start(String name, String value, Attributes a) {
    StringBuilder sb = new StringBuilder(160);
    sb.append(name).append('=').append(value).append("; Path=").append(a.path());
    if (a.domain() != null) {
      sb.append("; Domain=").append(a.domain());
    }
    return sb;
  }

  private static String finish(StringBuilder sb, Attributes a) {
    if (a.secure()) {
      sb.append("; Secure");
    }
    sb.append("; HttpOnly; SameSite=").append(a.sameSite().text());
    if (a.partitioned()) {
      sb.append("; Partitioned");
    }
    return sb.toString();
  }

  private static void checkName(String name, Attributes a) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(a, "attributes");
    if (!isToken(name)) {
      throw new IllegalArgumentException("name is not accepted; it accepts an RFC 6265 token");
    }
    if (name.startsWith("__Host-") && (!a.secure() || a.domain() != null || !a.path().equals("/"))) {
      throw new IllegalArgumentException("name " + name + " needs Secure, Path=/ and no Domain");
    }
    if (name.startsWith("__Secure-") && !a.secure()) {
      throw new IllegalArgumentException("name " + name + " needs Secure");
    }
  }

  /**
   * Whether {@code s} is an RFC 9110 token, as cookie names (RFC 6265) and header names are (the
   * {@code cookieName} parameter adds its own rule about prefixes).
   */
  static boolean isToken(String s) {
    return TOKEN.matcher(s).matches();
  }

  /** Whether {@code s} may be a Path attribute: starts with {@code /}, printable ASCII without {@code ;}. */
  static boolean isPath(String s) {
    if (!s.startsWith("/")) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ';') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code s} may be a Domain attribute: a domain name of letters, digits and inner hyphens, with
   * an optional leading dot.
   */
  static boolean isDomain(String s) {
    return DOMAIN.matcher(s).matches();
  }
}

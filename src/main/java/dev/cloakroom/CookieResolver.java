package dev.cloakroom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Finds the session cookie in a request's {@code Cookie} header(s), the way a browser wrote them.
 *
 * <p>Parsing rules (RFC 6265 section 4.2, read leniently but never creatively):
 * <ul>
 *   <li>each header is split on every {@code ;}. The split is not quote-aware, so a quoted neighbour
 *       such as {@code a="; SID=...} cannot swallow the session cookie (Jetty, CVE-2023-26049);
 *   <li>spaces and tabs around each pair, and around its name and value, are dropped;
 *   <li>name and value are split at the first {@code =}; a pair without {@code =} is skipped;
 *   <li>names are compared exactly, case-sensitively: {@code sid} and {@code __Host-SID} are not
 *       {@code SID};
 *   <li>values are taken as they are: never unquoted, never decoded. A value that is not a
 *       {@linkplain SessionIds#isWellFormed well-formed id} (quoted, empty, non-ASCII, too long) is
 *       never a candidate.
 * </ul>
 *
 * <p>Work is bounded whatever the client sends: at most {@value #MAX_PAIRS} pairs and
 * {@value #MAX_CHARS} characters of header text (each header counting one extra character) are
 * scanned; the rest is ignored, and a pair cut by the bound is dropped. Nothing is allocated for a
 * cookie that is not the session cookie.
 *
 * <p>An instance, made by the filter per request for the cookie that request gets (its name and
 * attributes depend on the request), is the cookie {@link SessionResolver}: it reads the {@code Cookie}
 * headers as above and writes the single {@code Set-Cookie} with {@link SetCookie}.
 *
 * <p>Thread-safe; the static methods keep no state, and an instance is immutable.
 */
final class CookieResolver implements SessionResolver {

  private static final String SET_COOKIE = "Set-Cookie";

  /** Most pairs scanned per request, over all {@code Cookie} headers. */
  static final int MAX_PAIRS = 200;
  /** Most characters of header text scanned per request, over all {@code Cookie} headers. */
  static final int MAX_CHARS = 16 * 1024;

  private static final Resolution NONE = new Resolution(null, List.of());

  /**
   * What the client sent for the session cookie.
   *
   * @param requestedId the first value sent under the cookie name, even malformed (possibly empty);
   *     null if the name was not sent. It is untrusted text: never log it, use
   *     {@link IdTag#of(String)}
   * @param candidates the distinct well-formed ids sent under the name, in the order sent, at most
   *     {@code maxCandidates}; never null, unmodifiable
   */
  record Resolution(String requestedId, List<String> candidates) {
    /** Copies {@code candidates}. */
    Resolution {
      candidates = List.copyOf(candidates);
    }

    /** The record's text, with ids shown only as their tags. */
    @Override
    public String toString() {
      return "Resolution[requestedId=" + IdTag.of(requestedId) + ", candidates="
          + candidates.stream().map(IdTag::of).toList() + "]";
    }
  }

  private final CookiePolicy.Cookie cookie;
  private final Instant now;

  /** The cookie resolver of one request: its cookie, and the request's time for {@code Expires}. */
  CookieResolver(CookiePolicy.Cookie cookie, Instant now) {
    this.cookie = cookie;
    this.now = now;
  }

  @Override
  public Resolution resolve(HttpServletRequest request, Predicate<String> acceptable, int maxCandidates) {
    return resolve(request.getHeaders("Cookie"), cookie.name(), maxCandidates, acceptable);
  }

  /** Writes the session cookie, replacing one written earlier in this response (one per response). */
  @Override
  public void write(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge) {
    put(response, SetCookie.issue(cookie.name(), value, cookie.attributes(), maxAge, now));
  }

  /** Clears the session cookie: an empty value with {@code Max-Age=0} and the same path. */
  @Override
  public void clear(HttpServletRequest request, HttpServletResponse response) {
    put(response, SetCookie.clear(cookie.name(), cookie.attributes()));
  }

  /** Adds {@code header}, or replaces our earlier one, keeping the app's own cookies. */
  private void put(HttpServletResponse response, String header) {
    String prefix = cookie.name() + "=";
    Collection<String> existing = response.getHeaders(SET_COOKIE);
    if (existing.stream().noneMatch(h -> h.startsWith(prefix))) {
      response.addHeader(SET_COOKIE, header);
      return;
    }
    List<String> keep = existing.stream().filter(h -> !h.startsWith(prefix)).toList();
    response.setHeader(SET_COOKIE, header);
    for (String h : keep) {
      response.addHeader(SET_COOKIE, h);
    }
  }

  /**
   * Resolves the session cookie.
   *
   * @param cookieHeaders the values of every {@code Cookie} header, as
   *     {@code request.getHeaders("Cookie")} gives them; null (the container does not say) or empty
   *     means none. Null elements are skipped
   * @param cookieName the session cookie's full name, prefix included; not null, not empty
   * @param maxCandidates the most candidates to return, at least 0
   * @return never null
   */
  static Resolution resolve(Enumeration<String> cookieHeaders, String cookieName, int maxCandidates) {
    return resolve(cookieHeaders, cookieName, maxCandidates, SessionIds::isWellFormed);
  }

  /**
   * Resolves the session cookie, with candidates chosen by {@code acceptable} instead of the id shape
   * (signed values have a shape of their own).
   */
  static Resolution resolve(Enumeration<String> cookieHeaders, String cookieName, int maxCandidates,
      Predicate<String> acceptable) {
    Objects.requireNonNull(cookieName, "cookieName");
    if (cookieName.isEmpty()) {
      throw new IllegalArgumentException("cookieName is empty");
    }
    if (maxCandidates < 0) {
      throw new IllegalArgumentException("maxCandidates is " + maxCandidates + "; it must be at least 0");
    }
    if (cookieHeaders == null) {
      return NONE;
    }
    Scan scan = new Scan(cookieName, maxCandidates, acceptable);
    while (!scan.done() && cookieHeaders.hasMoreElements()) {
      String header = cookieHeaders.nextElement();
      if (header != null) {
        scan.header(header);
      }
      scan.chars++; // the separator between headers: an endless run of empty headers ends too
    }
    if (scan.requestedId == null) {
      return NONE;
    }
    return new Resolution(scan.requestedId, scan.candidates == null ? List.of() : scan.candidates);
  }

  /** The state of one resolution: budgets spent and what was found. */
  private static final class Scan {
    private final String name;
    private final int maxCandidates;
    private final Predicate<String> acceptable;
    private int pairs;
    private int chars;
    private String requestedId;
    private List<String> candidates;

    Scan(String name, int maxCandidates, Predicate<String> acceptable) {
      this.name = name;
      this.maxCandidates = maxCandidates;
      this.acceptable = acceptable;
    }

    boolean done() {
      return pairs >= MAX_PAIRS || chars >= MAX_CHARS
          || (requestedId != null && size() >= maxCandidates);
    }

    private int size() {
      return candidates == null ? 0 : candidates.size();
    }

    void header(String header) {
      int budget = MAX_CHARS - chars;
      boolean cut = header.length() > budget;
      int limit = cut ? budget : header.length();
      chars += limit;
      int start = 0;
      while (start <= limit && pairs < MAX_PAIRS) {
        int end = header.indexOf(';', start);
        if (end < 0 || end > limit) {
          if (cut) {
            return; // this pair runs past the bound: what we see of it is not what was sent
          }
          end = limit;
        }
        pairs++;
        pair(header, start, end);
        if (requestedId != null && size() >= maxCandidates) {
          return;
        }
        start = end + 1;
      }
    }

    private void pair(String s, int from, int to) {
      int eq = s.indexOf('=', from);
      if (eq < 0 || eq >= to) {
        return;
      }
      int nameStart = skipSpace(s, from, eq);
      int nameEnd = trimSpace(s, nameStart, eq);
      if (nameEnd - nameStart != name.length() || !s.regionMatches(nameStart, name, 0, name.length())) {
        return;
      }
      int valueStart = skipSpace(s, eq + 1, to);
      int valueEnd = trimSpace(s, valueStart, to);
      String value = s.substring(valueStart, valueEnd);
      if (requestedId == null) {
        requestedId = value;
      }
      if (size() < maxCandidates && acceptable.test(value)) {
        if (candidates == null) {
          candidates = new ArrayList<>(Math.min(maxCandidates, 4));
        }
        if (!candidates.contains(value)) {
          candidates.add(value);
        }
      }
    }

    private static int skipSpace(String s, int from, int to) {
      while (from < to && isSpace(s.charAt(from))) {
        from++;
      }
      return from;
    }

    private static int trimSpace(String s, int from, int to) {
      while (to > from && isSpace(s.charAt(to - 1))) {
        to--;
      }
      return to;
    }

    private static boolean isSpace(char c) {
      return c == ' ' || c == '\t';
    }
  }
}

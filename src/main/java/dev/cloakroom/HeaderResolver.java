package dev.cloakroom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Session ids in a request and response header, for API and mobile clients (parameter
 * {@code sessionHeader}, default {@code Session-Id}). The client sends {@code Session-Id: <id>}; the
 * filter answers with the same header when the id is new or changed, and with an empty value
 * ({@code Session-Id: }) when the session ends. Ids are never read from the query string or a form
 * field, and never written into a cookie.
 *
 * <p>At most {@value #MAX_VALUES} header values and {@value #MAX_CHARS} characters each are looked at.
 *
 * <p>Thread-safe (immutable).
 */
final class HeaderResolver implements SessionResolver {

  static final int MAX_VALUES = 8;
  static final int MAX_CHARS = 256;

  private final String name;

  /**
   * @param name the header name, such as {@code Session-Id}; not null
   */
  HeaderResolver(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public CookieResolver.Resolution resolve(HttpServletRequest request, Predicate<String> acceptable,
      int maxCandidates) {
    Enumeration<String> values = request.getHeaders(name);
    String requested = null;
    List<String> candidates = new ArrayList<>(1);
    for (int seen = 0; values != null && values.hasMoreElements() && seen < MAX_VALUES; seen++) {
      String raw = values.nextElement();
      boolean tooLong = raw != null && raw.length() > MAX_CHARS;
      String value = raw == null ? "" : tooLong ? raw.substring(0, MAX_CHARS) : raw.strip();
      if (requested == null) {
        requested = value;
      }
      if (!tooLong && candidates.size() < maxCandidates && acceptable.test(value) && !candidates.contains(value)) {
        candidates.add(value);
      }
    }
    return new CookieResolver.Resolution(requested, candidates);
  }

  @Override
  public void write(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge) {
    response.setHeader(name, value);
  }

  /** Answers with the header and an empty value. */
  @Override
  public void clear(HttpServletRequest request, HttpServletResponse response) {
    response.setHeader(name, "");
  }

  @Override
  public String toString() {
    return "HeaderResolver[" + name + "]";
  }
}

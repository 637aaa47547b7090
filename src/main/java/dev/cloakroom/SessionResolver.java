package dev.cloakroom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Where session ids come from and go to: one source of ids, such as the session cookie
 * ({@link CookieResolver}, the default) or a request/response header for API clients
 * ({@link HeaderResolver}). The filter picks the built-ins with the {@code sessionIdSources} and
 * {@code sessionHeader} parameters.
 *
 * <p>Contract for implementations: read ids only from what the client sends on purpose for this
 * source, never from the query string or the body; bound the work whatever the client sends; never log
 * a value (use {@link IdTag}). The filter checks shape and signature and loads the
 * store only afterwards, the same way for every source; a resolver only finds and writes values.
 *
 * <p>Implementations are used by one request at a time, but the same instance may serve many requests
 * in parallel: they must be thread-safe.
 */
interface SessionResolver {

  /**
   * The values this source carries in {@code request}.
   *
   * @param request the request; not null
   * @param acceptable which values may become candidates (the filter's shape check); not null
   * @param maxCandidates the most candidates to return, at least 0
   * @return the first value sent (even unacceptable; null if this source sent nothing) and the distinct
   *     acceptable values in the order sent; never null
   */
  CookieResolver.Resolution resolve(HttpServletRequest request, Predicate<String> acceptable, int maxCandidates);

  /**
   * Sends {@code value} (the id, signed when signing keys are set) to the client, replacing what this
   * source wrote earlier in the same response. Called only before the response commits.
   *
   * @param maxAge how long the client should keep it, or null for the browser session (only a cookie
   *     carries it)
   */
  void write(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge);

  /** Tells the client to forget the id (invalidate, logout). Called only before the response commits. */
  void clear(HttpServletRequest request, HttpServletResponse response);
}

package dev.cloakroom;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which requests are passive ({@code passivePaths}, {@code passiveHeader}): they read the session but
 * never extend its idle timer, never renew its id and write nothing on their own.
 *
 * <p>Paths are matched as servlet URL patterns against the path within the application: servlet path
 * plus path info, as the container decoded and normalized them, without context path or query. Exact
 * ({@code /api/poll}), prefix ({@code /status/*}, which matches {@code /status} too) and extension
 * ({@code *.json}, on the last segment) patterns; the patterns were validated by the settings.
 *
 * <p>Thread-safe (immutable).
 *
 * @param exact      the exact paths
 * @param prefixes   the prefixes of {@code /prefix/*} patterns ({@code /status}; empty for {@code /*})
 * @param extensions the extensions of {@code *.ext} patterns, with their dot ({@code .json})
 * @param header     the {@code passiveHeader}, or null
 */
record PassiveRequests(Set<String> exact, List<String> prefixes, Set<String> extensions, String header) {

  /** Matches nothing: the default. */
  static final PassiveRequests NONE = new PassiveRequests(Set.of(), List.of(), Set.of(), null);

  /** The passive rules of {@code settings}. */
  static PassiveRequests of(Settings settings) {
    if (settings.passivePaths().isEmpty() && settings.passiveHeader() == null) {
      return NONE;
    }
    Set<String> exact = new java.util.HashSet<>();
    List<String> prefixes = new ArrayList<>();
    Set<String> extensions = new java.util.HashSet<>();
    for (String pattern : settings.passivePaths()) {
      if (pattern.startsWith("*.")) {
        extensions.add(pattern.substring(1)); // ".json"
      } else if (pattern.endsWith("/*")) {
        prefixes.add(pattern.substring(0, pattern.length() - 2)); // "/status", or "" for /*
      } else {
        exact.add(pattern);
      }
    }
    return new PassiveRequests(Set.copyOf(exact), List.copyOf(prefixes), Set.copyOf(extensions),
        settings.passiveHeader());
  }

  /** Whether {@code request} is passive. */
  boolean test(HttpServletRequest request) {
    if (this == NONE) {
      return false;
    }
    if (header != null && request.getHeader(header) != null) {
      return true;
    }
    if (exact.isEmpty() && prefixes.isEmpty() && extensions.isEmpty()) {
      return false;
    }
    return matches(path(request));
  }

  /** Whether the path within the application matches one of the patterns. */
  boolean matches(String path) {
    if (exact.contains(path)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
        return true;
      }
    }
    if (!extensions.isEmpty()) {
      int slash = path.lastIndexOf('/');
      int dot = path.lastIndexOf('.');
      return dot > slash && extensions.contains(path.substring(dot));
    }
    return false;
  }

  private static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  /** A servlet URL pattern: {@code /exact}, {@code /prefix/*} (or {@code /*}) or {@code *.extension}. */
  static boolean isPattern(String p) {
    if (p.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
      return false;
    }
    if (p.startsWith("*.")) {
      String extension = p.substring(2); // matched against the last dot's suffix: a dot here never matches
      return !extension.isEmpty() && extension.indexOf('/') < 0 && extension.indexOf('*') < 0
          && extension.indexOf('.') < 0;
    }
    if (!p.startsWith("/")) {
      return false;
    }
    String fixed = p.endsWith("/*") ? p.substring(0, p.length() - 2) : p;
    return fixed.indexOf('*') < 0;
  }
}

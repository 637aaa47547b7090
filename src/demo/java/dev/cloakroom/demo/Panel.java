package dev.cloakroom.demo;

import dev.cloakroom.SessionStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The developer panel on every page: what the filter knows about this request's session, read with
 * {@link SessionStatus} (never the id), and the data the page's countdown script starts from.
 */
final class Panel {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Panel() {}

  /** The panel's markup for {@code request}; reads the session status, never creates a session. */
  static Html render(HttpServletRequest request, Instant now) {
    Optional<SessionStatus> found = SessionStatus.of(request);
    Html html = new Html();
    html.raw("<aside class=\"panel\" aria-labelledby=\"panel-title\" data-session-panel");
    if (found.isEmpty()) {
      html.raw(" data-session=\"none\">")
          .raw("<h2 id=\"panel-title\">Session</h2>")
          .raw("<p class=\"muted\">No session yet: nothing on this page needed one, so the filter made none"
              + " and sent no cookie.</p>");
      node(html, request);
      return html.raw("</aside>");
    }
    SessionStatus s = found.get();
    Duration idle = s.idleExpiresAt() == null ? null : Duration.between(now, s.idleExpiresAt());
    Duration absolute = Duration.between(now, s.absoluteExpiresAt());
    long idleMs = idle == null ? -1 : Math.max(0, idle.toMillis());
    HttpSession session = request.getSession(false);
    long idleTimeoutMs = session == null ? 0 : Math.max(0, session.getMaxInactiveInterval()) * 1000L;
    html.fmt(" data-session=\"yes\" data-idle-left-ms=\"{}\" data-absolute-left-ms=\"{}\" data-idle-timeout-ms=\"{}\""
            + " data-status-url=\"{}\" data-signin-url=\"{}\">",
            idleMs, Math.max(0, absolute.toMillis()), idleTimeoutMs,
            request.getContextPath() + "/status", request.getContextPath() + "/signin")
        .raw("<h2 id=\"panel-title\">Session</h2><dl>")
        .fmt("<div><dt>State</dt><dd>{}</dd></div>", s.authenticated() ? "signed in" : "anonymous")
        .raw("<div><dt>Idle time left</dt><dd><span data-countdown=\"idle\">")
        .text(idle == null ? "no idle timeout" : clock(idle)).raw("</span></dd></div>")
        .raw("<div><dt>Absolute time left</dt><dd><span data-countdown=\"absolute\">")
        .text(clock(absolute)).raw("</span></dd></div>")
        .fmt("<div><dt>Id last changed</dt><dd>{}</dd></div>",
            s.idChangedAt() == null || s.idChangedAt().equals(s.createdAt())
                ? "never (since " + TIME.format(s.createdAt()) + ")" : TIME.format(s.idChangedAt()))
        .fmt("<div><dt>Created</dt><dd>{}</dd></div>", TIME.format(s.createdAt()))
        .fmt("<div><dt>Last seen by the store</dt><dd>{}</dd></div>", TIME.format(s.lastAccessedAt()))
        .fmt("<div><dt>Store</dt><dd><code>{}</code></dd></div>", s.store())
        .raw("<div><dt>Cookie</dt><dd><ul class=\"chips\">");
    for (String part : cookie(s.cookie())) {
      html.fmt("<li><code>{}</code></li>", part);
    }
    html.raw("</ul></dd></div></dl>");
    node(html, request);
    return html.raw("</aside>");
  }

  /** The cookie's name and attributes as a browser would see them in {@code Set-Cookie}; never its value. */
  static List<String> cookie(SessionStatus.Cookie c) {
    List<String> parts = new ArrayList<>();
    parts.add(c.name());
    parts.add("Path=" + c.path());
    if (c.domain() != null) {
      parts.add("Domain=" + c.domain());
    }
    if (c.secure()) {
      parts.add("Secure");
    }
    if (c.httpOnly()) {
      parts.add("HttpOnly");
    }
    if (c.sameSite() != null) {
      parts.add("SameSite=" + c.sameSite());
    }
    if (c.partitioned()) {
      parts.add("Partitioned");
    }
    parts.add(c.maxAge() == null ? "no Max-Age: ends with the browser" : "Max-Age=" + c.maxAge().toSeconds());
    return parts;
  }

  private static void node(Html html, HttpServletRequest request) {
    html.fmt("<p class=\"node\">Served by the node on port <code>{}</code></p>", request.getLocalPort());
  }

  /** {@code d} as {@code h:mm:ss} or {@code m:ss}; zero when negative. */
  static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s >= 3600
        ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}

package dev.cloakroom.demo;

import dev.cloakroom.SessionStatus;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /status}: the countdown's polling, as JSON: {@code {"session":true,"idleLeftMs":…,
 * "absoluteLeftMs":…}} or {@code {"session":false,"ended":"idle"|"absolute"|null}}. A passive path in
 * web.xml ({@code passivePaths}), so polling never keeps the session alive.
 */
public final class StatusServlet extends HttpServlet {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Instant now = Instant.now();
    Optional<SessionStatus> status = SessionStatus.of(request);
    String json;
    if (status.isPresent()) {
      SessionStatus s = status.get();
      long idle = s.idleExpiresAt() == null ? -1 : Math.max(0, Duration.between(now, s.idleExpiresAt()).toMillis());
      long absolute = Math.max(0, Duration.between(now, s.absoluteExpiresAt()).toMillis());
      json = "{\"session\":true,\"idleLeftMs\":" + idle + ",\"absoluteLeftMs\":" + absolute + "}";
    } else {
      String ended = SessionStatus.previousEnd(request).map(r -> "\"" + r.name().toLowerCase(Locale.ROOT) + "\"")
          .orElse("null");
      json = "{\"session\":false,\"ended\":" + ended + "}";
    }
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(json);
  }
}

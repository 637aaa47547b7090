package dev.cloakroom.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code GET /static/*}: the webapp's own stylesheet and script, from a fixed list (works on any
 * container, with or without a default servlet). Never touches the session.
 */
public final class AssetServlet extends HttpServlet {

  private static final Map<String, String> TYPES = Map.of(
      "/demo.css", "text/css;charset=UTF-8",
      "/demo.js", "text/javascript;charset=UTF-8");

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String name = request.getPathInfo();
    String type = name == null ? null : TYPES.get(name);
    InputStream in = type == null ? null : getServletContext().getResourceAsStream("/static" + name);
    if (in == null) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    try (in) {
      response.setContentType(type);
      response.setHeader("Cache-Control", "no-cache");
      response.setHeader("X-Content-Type-Options", "nosniff");
      in.transferTo(response.getOutputStream());
    }
  }
}

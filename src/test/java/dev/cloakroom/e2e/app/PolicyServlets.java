package dev.cloakroom.e2e.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/** Servlets for the session policy webapps (issue 10). They keep no state. */
public final class PolicyServlets {

  private PolicyServlets() {}

  /** GET name=N: prints the session attribute N, or {@code none} without a session; never creates one. */
  public static class Read extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      HttpSession session = request.getSession(false);
      Object value = session == null ? null : session.getAttribute(request.getParameter("name"));
      ConformanceServlets.text(response, session == null ? "none" : String.valueOf(value));
    }
  }
}

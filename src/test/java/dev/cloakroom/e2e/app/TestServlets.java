package dev.cloakroom.e2e.app;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The servlets every configuration door serves, at the same paths: web.xml names them, the annotated
 * app subclasses them, the code door registers {@link #all()}. They keep no state of their own, so the
 * copies a webapp class loader makes behave the same.
 */
public final class TestServlets {

  /** The session attribute the filter watches ({@code principalAttribute=user}). */
  public static final String USER = "user";

  private TestServlets() {}

  /** A fresh instance of each servlet, by URL pattern. */
  public static Map<String, HttpServlet> all() {
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put("/counter", new Counter());
    servlets.put("/login", new Login());
    servlets.put("/logout", new Logout());
    servlets.put("/whoami", new Whoami());
    servlets.put("/filters", new Filters());
    return servlets;
  }

  static void text(HttpServletResponse response, Object body) throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().print(body);
  }

  /** GET: increments the session's counter (creating the session) and prints it. */
  public static class Counter extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      HttpSession session = request.getSession();
      Integer count = (Integer) session.getAttribute("count");
      int next = count == null ? 1 : count + 1;
      session.setAttribute("count", next);
      text(response, next);
    }
  }

  /** POST user=NAME: signs in by setting the principal attribute, which rotates the session id. */
  public static class Login extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String user = request.getParameter(USER);
      if (user == null || user.isBlank()) {
        response.sendError(HttpServletResponse.SC_BAD_REQUEST);
        return;
      }
      request.getSession().setAttribute(USER, user);
      text(response, user);
    }
  }

  /** POST: invalidates the session, if any. */
  public static class Logout extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      text(response, "bye");
    }
  }

  /** GET: the signed-in user, or {@code anonymous}; never creates a session. */
  public static class Whoami extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      HttpSession session = request.getSession(false);
      Object user = session == null ? null : session.getAttribute(USER);
      text(response, user == null ? "anonymous" : user);
    }
  }

  /** GET: how many Cloakroom request wrappers this request went through; one filter makes one. */
  public static class Filters extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      int wrappers = 0;
      ServletRequest r = request;
      while (r instanceof ServletRequestWrapper w) {
        if (w.getClass().getName().equals("dev.cloakroom.SessionRequest")) {
          wrappers++;
        }
        r = w.getRequest();
      }
      text(response, wrappers);
    }
  }
}

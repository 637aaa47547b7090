package dev.cloakroom.e2e.app;

import dev.cloakroom.SessionInventory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Servlets that drive the session through every event a listener hears and print what the request's
 * session methods answer. web.xml names them, the annotated listening app subclasses them, the code
 * door registers {@link #all()}. They keep no state.
 */
public final class ConformanceServlets {

  private ConformanceServlets() {}

  /** A fresh instance of each servlet, by URL pattern. */
  public static Map<String, HttpServlet> all() {
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put("/create", new Create());
    servlets.put("/set", new Set());
    servlets.put("/remove", new Remove());
    servlets.put("/rotate", new Rotate());
    servlets.put("/invalidate", new Invalidate());
    servlets.put("/request", new Request());
    servlets.put("/invalidate-check", new InvalidateCheck());
    servlets.put("/timeout", new Timeout());
    servlets.put("/signin", new SignIn());
    servlets.put("/revoke-others", new RevokeOthers());
    return servlets;
  }

  static void text(HttpServletResponse response, Object body) throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().print(body);
  }

  /** GET: creates the session if there is none. */
  public static class Create extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      text(response, request.getSession().isNew() ? "new" : "existing");
    }
  }

  /** GET name=N&amp;value=V: sets a session attribute (creating the session). */
  public static class Set extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      request.getSession().setAttribute(request.getParameter("name"), request.getParameter("value"));
      text(response, "set");
    }
  }

  /** GET name=N: removes a session attribute. */
  public static class Remove extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      request.getSession().removeAttribute(request.getParameter("name"));
      text(response, "removed");
    }
  }

  /** GET: {@code changeSessionId()}. */
  public static class Rotate extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      request.changeSessionId();
      text(response, "rotated");
    }
  }

  /** GET: invalidates the session, if any. */
  public static class Invalidate extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      text(response, session != null ? "invalidated" : "none");
    }
  }

  /**
   * GET: what the request's session methods answer, one {@code key=value} per line; never creates a
   * session.
   */
  public static class Request extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      StringBuilder sb = new StringBuilder()
          .append("requestedSessionId=").append(request.getRequestedSessionId()).append('\n')
          .append("fromCookie=").append(request.isRequestedSessionIdFromCookie()).append('\n')
          .append("fromURL=").append(request.isRequestedSessionIdFromURL()).append('\n')
          .append("valid=").append(request.isRequestedSessionIdValid()).append('\n');
      HttpSession session = request.getSession(false);
      if (session == null) {
        sb.append("session=none\n");
      } else {
        sb.append("session=present\n")
            .append("isNew=").append(session.isNew()).append('\n')
            .append("maxInactiveInterval=").append(session.getMaxInactiveInterval()).append('\n')
            .append("creationTime=").append(session.getCreationTime()).append('\n')
            .append("lastAccessedTime=").append(session.getLastAccessedTime()).append('\n');
      }
      text(response, sb);
    }
  }

  /** GET: {@code isRequestedSessionIdValid()} before and after invalidating in this request. */
  public static class InvalidateCheck extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      boolean before = request.isRequestedSessionIdValid();
      request.getSession().invalidate();
      boolean after = request.isRequestedSessionIdValid();
      text(response, "before=" + before + " after=" + after);
    }
  }

  /** GET seconds=N: {@code setMaxInactiveInterval(N)}. */
  public static class Timeout extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      request.getSession().setMaxInactiveInterval(Integer.parseInt(request.getParameter("seconds")));
      text(response, "set");
    }
  }

  /** GET user=U: signs in by setting the principal attribute ({@code principalAttribute=user}). */
  public static class SignIn extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      request.getSession().setAttribute(TestServlets.USER, request.getParameter("user"));
      text(response, "signed-in");
    }
  }

  /** GET: signs the user out everywhere else; prints how many sessions went. */
  public static class RevokeOthers extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      text(response, SessionInventory.of(request).orElseThrow().revokeOthers());
    }
  }
}

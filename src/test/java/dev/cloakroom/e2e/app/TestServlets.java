package dev.cloakroom.e2e.app;

import static dev.cloakroom.e2e.Servlets.text;

import dev.cloakroom.SessionInventory;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The servlets every test webapp serves, at the same paths in each: web.xml names them, the annotated
 * apps map {@link ByPath} to theirs, code deployments register {@link #all()}. They drive the session through every
 * event a listener hears and print what the request's session methods answer. They keep no state of
 * their own, so the copies a webapp class loader makes behave the same.
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
    servlets.put("/create", new Create());
    servlets.put("/set", new Set());
    servlets.put("/read", new Read());
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

  /**
   * The servlets of {@link #all()} behind one, each serving the path it stands at in {@link #all()}: an
   * annotated app subclasses it with one {@code @WebServlet} naming the paths it serves.
   */
  public static class ByPath extends HttpServlet {
    private final Map<String, HttpServlet> servlets = all();

    @Override
    public void init() throws ServletException {
      for (HttpServlet servlet : servlets.values()) {
        servlet.init(getServletConfig());
      }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      Servlet servlet = servlets.get(request.getServletPath());
      servlet.service(request, response);
    }
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
      invalidate(request);
      text(response, "bye");
    }
  }

  /** GET: the signed-in user, or {@code anonymous}; never creates a session. */
  public static class Whoami extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      text(response, Objects.requireNonNullElse(attribute(request, USER), "anonymous"));
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

  /** GET name=N: prints the session attribute N, or {@code none} without it; never creates a session. */
  public static class Read extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      text(response, Objects.requireNonNullElse(attribute(request, request.getParameter("name")), "none"));
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
      text(response, invalidate(request) ? "invalidated" : "none");
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
      request.getSession().setAttribute(USER, request.getParameter("user"));
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

  /** The session attribute {@code name}, or null without it or without a session; never creates one. */
  private static Object attribute(HttpServletRequest request, String name) {
    HttpSession session = request.getSession(false);
    return session == null ? null : session.getAttribute(name);
  }

  /** Invalidates the request's session, if it has one; whether it had one. */
  private static boolean invalidate(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    return session != null;
  }
}

package dev.cloakroom.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The demo's pages. Sessions are plain {@link HttpSession}s; Cloakroom is invisible here except that
 * signing in (setting {@code user}) gives the session a new id. No page ever shows a session id.
 */
final class DemoServlets {

  /** The session attribute holding the signed-in user; the filter's {@code principalAttribute}. */
  static final String USER = "user";
  static final String COUNT = "count";
  private static final int MAX_USER_LENGTH = 64;

  private DemoServlets() {}

  /** {@code GET /}: who you are, the counter, and the three forms. Viewing it creates no session. */
  static final class Home extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      HttpSession session = request.getSession(false);
      Object user = session == null ? null : session.getAttribute(USER);
      Object count = session == null ? null : session.getAttribute(COUNT);
      StringBuilder html = new StringBuilder(1024)
          .append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cloakroom demo</title>")
          .append("<style>body{font-family:sans-serif;max-width:30em;margin:2em auto}form{margin:1em 0}</style>")
          .append("</head><body>\n<h1>Cloakroom demo</h1>\n");
      if (user == null) {
        html.append("<p>Not signed in.</p>\n<form method=\"post\" action=\"/login\">")
            .append("<label>Name <input name=\"user\" required maxlength=\"").append(MAX_USER_LENGTH)
            .append("\"></label> <button>Sign in</button></form>\n");
      } else {
        html.append("<p>Signed in as <b>").append(escape(user.toString())).append("</b>.</p>\n")
            .append("<form method=\"post\" action=\"/logout\"><button>Sign out</button></form>\n");
      }
      html.append("<p>Counter: <b>").append(count == null ? 0 : count).append("</b></p>\n")
          .append("<form method=\"post\" action=\"/counter\"><button>+1</button></form>\n")
          .append("</body></html>\n");
      response.setContentType("text/html;charset=UTF-8");
      response.setHeader("Cache-Control", "no-store");
      response.getWriter().print(html);
    }
  }

  /** {@code POST /login} with {@code user}: signs in (a new session id), back to {@code /}. */
  static final class Login extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String user = request.getParameter(USER);
      user = user == null ? "" : user.strip();
      if (user.isEmpty() || user.length() > MAX_USER_LENGTH) {
        response.sendError(HttpServletResponse.SC_BAD_REQUEST, "a name of 1 to " + MAX_USER_LENGTH + " characters");
        return;
      }
      request.getSession().setAttribute(USER, user);
      response.sendRedirect("/");
    }
  }

  /** {@code POST /logout}: ends the session (cookie cleared), back to {@code /}. */
  static final class Logout extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
      response.sendRedirect("/");
    }
  }

  /**
   * {@code POST /counter}: increments this session's counter (creating the session), back to {@code /};
   * {@code GET /counter}: the counter as text, creating nothing.
   */
  static final class Counter extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      HttpSession session = request.getSession();
      Integer count = (Integer) session.getAttribute(COUNT);
      session.setAttribute(COUNT, count == null ? 1 : count + 1);
      response.sendRedirect("/");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      HttpSession session = request.getSession(false);
      Object count = session == null ? null : session.getAttribute(COUNT);
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().println(count == null ? 0 : count);
    }
  }

  /** {@code GET /whoami}: the signed-in user, or {@code anonymous}. */
  static final class Whoami extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      HttpSession session = request.getSession(false);
      Object user = session == null ? null : session.getAttribute(USER);
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().println(user == null ? "anonymous" : user);
    }
  }

  /** HTML-escapes text for element content and quoted attribute values. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}

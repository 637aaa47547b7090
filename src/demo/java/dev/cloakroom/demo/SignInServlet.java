package dev.cloakroom.demo;

import dev.cloakroom.SessionFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /signin}: the sign-in form, the demo users and their passwords, and why you are here (signed
 * out, session ended). {@code POST /signin}: signs in by setting the {@code user} attribute, the filter's
 * {@code principalAttribute}, which gives the session a new id; "remember me" sets
 * {@link SessionFilter#REMEMBER_ME}, so this session's cookie outlives the browser.
 */
public final class SignInServlet extends Page {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String notice = null;
    String ended = endedReason(request).orElse(request.getParameter("ended"));
    if ("idle".equals(ended)) {
      notice = "Your session ended because it was idle for too long. Please sign in again.";
    } else if ("absolute".equals(ended)) {
      notice = "Your session reached its absolute time limit, however active it was. Please sign in again.";
    } else if (request.getParameter("signedout") != null) {
      notice = "You are signed out. The session is deleted on the server and the cookie is cleared.";
    }
    String user = user(request);
    if (user != null && notice == null) {
      response.sendRedirect(request.getContextPath() + "/account");
      return;
    }
    form(request, response, notice, null, next(request.getParameter("next")));
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String name = request.getParameter("username");
    String password = request.getParameter("password");
    String next = next(request.getParameter("next"));
    name = name == null ? "" : name.strip();
    if (!Users.of(getServletContext()).check(name, password)) {
      form(request, response, null, "That name and password do not match a demo user.", next);
      return;
    }
    HttpSession session = request.getSession();
    boolean hadCart = Cart.count(session) > 0;
    session.setAttribute(USER, name); // the principalAttribute: the session gets a new id now
    if ("on".equals(request.getParameter("remember"))) {
      session.setAttribute(SessionFilter.REMEMBER_ME, Boolean.TRUE);
    } else {
      session.removeAttribute(SessionFilter.REMEMBER_ME);
    }
    Csrf.renew(session);
    flash(session, "Signed in as " + name + ". The session has a new id" + (hadCart ? "; your cart came along." : "."));
    response.sendRedirect(request.getContextPath() + next);
  }

  private void form(HttpServletRequest request, HttpServletResponse response, String notice, String error,
      String next) throws IOException {
    Html html = new Html().raw("<h1>Sign in</h1>");
    if (notice != null) {
      html.fmt("<p class=\"notice\" role=\"status\" id=\"signin-notice\">{}</p>", notice);
    }
    if (error != null) {
      html.fmt("<p class=\"error\" role=\"alert\" id=\"signin-error\">{}</p>", error);
    }
    html.raw("<div class=\"signin\">");
    Page.form(html, request, "/signin", "card");
    html.fmt("<input type=\"hidden\" name=\"next\" value=\"{}\">", next)
        .raw("<p><label for=\"username\">Name</label><input id=\"username\" name=\"username\" autocomplete=\"username\""
            + " required maxlength=\"32\" autocapitalize=\"none\" spellcheck=\"false\"></p>")
        .raw("<p><label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\""
            + " autocomplete=\"current-password\" required maxlength=\"128\"></p>")
        .raw("<p class=\"check\"><input id=\"remember\" name=\"remember\" type=\"checkbox\"><label for=\"remember\">"
            + "Remember me on this browser</label></p>")
        .raw("<p class=\"hint\" id=\"remember-hint\">Without it the cookie ends when the browser closes. With it,"
            + " this session's cookie gets a Max-Age up to the session's absolute limit.</p>")
        .raw("<p><button type=\"submit\" class=\"primary\">Sign in</button></p></form>")
        .raw("<section class=\"card users\" aria-labelledby=\"users-title\"><h2 id=\"users-title\">Demo users</h2>"
            + "<table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Password</th></tr></thead><tbody>");
    for (Map.Entry<String, String> u : Users.DEMO_USERS.entrySet()) {
      html.fmt("<tr><td><code>{}</code></td><td><code>{}</code></td></tr>", u.getKey(), u.getValue());
    }
    html.raw("</tbody></table><p class=\"hint\">Passwords you change on the account page hold on this node"
        + " until it restarts.</p></section></div>");
    Layout.write(request, response, "Sign in", Layout.Nav.SIGN_IN, html, true);
  }
}

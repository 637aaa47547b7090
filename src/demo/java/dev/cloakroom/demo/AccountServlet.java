package dev.cloakroom.demo;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.SessionInventory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * {@code GET /account}: who you are and the change-password form. {@code POST /account}: changes the
 * password, then {@code request.changeSessionId()} (a privilege change gets a new id) and, if asked,
 * signs out the user's other devices with {@link SessionInventory#revokeOthers()}.
 */
public final class AccountServlet extends Page {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String user = requireUser(request, response, "/account");
    if (user != null) {
      page(request, response, user, null);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String user = requireUser(request, response, "/account");
    if (user == null) {
      return;
    }
    String current = request.getParameter("current");
    String fresh = request.getParameter("new");
    String confirm = request.getParameter("confirm");
    Users users = Users.of(getServletContext());
    String error = null;
    if (!users.check(user, current)) {
      error = "The current password is not right.";
    } else if (fresh == null || fresh.length() < Users.MIN_PASSWORD || fresh.length() > Users.MAX_PASSWORD) {
      error = "The new password needs " + Users.MIN_PASSWORD + " to " + Users.MAX_PASSWORD + " characters.";
    } else if (!fresh.equals(confirm)) {
      error = "The new password and its confirmation differ.";
    }
    if (error != null) {
      page(request, response, user, error);
      return;
    }
    users.change(user, fresh);
    request.changeSessionId();
    String message = "Password changed. This session has a new id";
    if ("on".equals(request.getParameter("others"))) {
      int ended = SessionInventory.of(request).map(SessionInventory::revokeOthers).orElse(0);
      message += "; " + ended + (ended == 1 ? " other device was" : " other devices were") + " signed out";
    }
    flash(request.getSession(false), message + ".");
    response.sendRedirect(request.getContextPath() + "/account");
  }

  private void page(HttpServletRequest request, HttpServletResponse response, String user, String error)
      throws IOException {
    HttpSession session = request.getSession(false);
    boolean remembered = Boolean.TRUE.equals(session.getAttribute(SessionFilter.REMEMBER_ME));
    Html html = new Html().fmt("<h1>Account of {}</h1>", user)
        .fmt("<p class=\"lead\">Signed in {}. The developer panel shows the session's timers and cookie.</p>",
            remembered ? "with “remember me”: this session's cookie survives closing the browser"
                : "for this browser session only");
    if (error != null) {
      html.fmt("<p class=\"error\" role=\"alert\" id=\"account-error\">{}</p>", error);
    }
    html.raw("<section class=\"card\" aria-labelledby=\"pw-title\"><h2 id=\"pw-title\">Change password</h2>");
    form(html, request, "/account", null);
    html.raw("<p><label for=\"current\">Current password</label><input id=\"current\" name=\"current\""
            + " type=\"password\" autocomplete=\"current-password\" required maxlength=\"128\"></p>")
        .fmt("<p><label for=\"new\">New password</label><input id=\"new\" name=\"new\" type=\"password\""
            + " autocomplete=\"new-password\" required minlength=\"{}\" maxlength=\"128\" aria-describedby=\"new-hint\">"
            + "<span class=\"hint\" id=\"new-hint\">At least {} characters.</span></p>", Users.MIN_PASSWORD,
            Users.MIN_PASSWORD)
        .raw("<p><label for=\"confirm\">New password again</label><input id=\"confirm\" name=\"confirm\""
            + " type=\"password\" autocomplete=\"new-password\" required maxlength=\"128\"></p>")
        .raw("<p class=\"check\"><input id=\"others\" name=\"others\" type=\"checkbox\" checked><label for=\"others\">"
            + "Also sign out my other devices</label></p>")
        .raw("<p class=\"hint\">A password change is a privilege change: this session keeps its data under a new"
            + " id (<code>request.changeSessionId()</code>), and the old id is dead in the store at once.</p>")
        .raw("<p><button type=\"submit\" class=\"primary\">Change password</button></p></form></section>");
    Layout.write(request, response, "Account", Layout.Nav.ACCOUNT, html, true);
  }
}

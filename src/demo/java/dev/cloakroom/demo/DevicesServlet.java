package dev.cloakroom.demo;

import dev.cloakroom.SessionInventory;
import dev.cloakroom.store.ClientFingerprint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /devices}: the signed-in user's sessions from {@link SessionInventory}: created, last seen,
 * browser family and coarse network (recorded at sign-in, never the full address or user agent), this
 * one marked. {@code POST /devices} with {@code action=revoke} and a device {@code handle} (a hash of
 * that session's id, useless as a cookie), or {@code action=others}.
 */
public final class DevicesServlet extends Page {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  /** A store key: base64url of a SHA-256. */
  private static final int MAX_HANDLE = 64;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String user = requireUser(request, response, "/devices");
    if (user == null) {
      return;
    }
    List<SessionInventory.Device> devices = SessionInventory.of(request).map(SessionInventory::devices)
        .orElse(List.of());
    Html html = new Html().raw("<h1>Your devices</h1>")
        .fmt("<p class=\"lead\">Every session signed in as {}, on this node or any node sharing its store.</p>", user)
        .raw("<ul class=\"devices\">");
    for (SessionInventory.Device d : devices) {
      html.raw(d.current() ? "<li class=\"device current\">" : "<li class=\"device\">")
          .fmt("<h2>{}", browser(d.browser()))
          .raw(d.current() ? " <span class=\"badge\">this device</span>" : "").raw("</h2><dl>")
          .fmt("<div><dt>Network</dt><dd>{}</dd></div>", network(d.network()))
          .fmt("<div><dt>Session started</dt><dd>{}</dd></div>", time(d.createdAt()))
          .fmt("<div><dt>Last seen</dt><dd>{}</dd></div>", time(d.lastAccessedAt()))
          .fmt("<div><dt>Id last changed</dt><dd>{}</dd></div>",
              d.idChangedAt() == null ? "never" : time(d.idChangedAt()))
          .raw("</dl>");
      if (!d.current()) {
        form(html, request, "/devices", null);
        html.fmt("<input type=\"hidden\" name=\"action\" value=\"revoke\"><input type=\"hidden\" name=\"handle\""
            + " value=\"{}\"><button>Sign out this device</button></form>", d.handle());
      }
      html.raw("</li>");
    }
    html.raw("</ul>");
    if (devices.size() > 1) {
      form(html, request, "/devices", "actions");
      html.raw("<input type=\"hidden\" name=\"action\" value=\"others\"><button class=\"primary\""
          + " id=\"sign-out-others\">Sign out everywhere else</button></form>");
    } else {
      html.raw("<p class=\"muted\">Only this device is signed in. Sign in as the same user from another browser"
          + " (or a private window) to see it here.</p>");
    }
    Layout.write(request, response, "Your devices", Layout.Nav.DEVICES, html, true);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (requireUser(request, response, "/devices") == null) {
      return;
    }
    Optional<SessionInventory> inventory = SessionInventory.of(request);
    String action = request.getParameter("action");
    String handle = request.getParameter("handle");
    String message;
    if ("others".equals(action) && inventory.isPresent()) {
      int n = inventory.get().revokeOthers();
      message = n + (n == 1 ? " other device was" : " other devices were") + " signed out.";
    } else if ("revoke".equals(action) && inventory.isPresent() && handle != null && handle.length() <= MAX_HANDLE) {
      message = inventory.get().revoke(handle) ? "That device was signed out." : "That device was already signed out.";
    } else {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    flash(request.getSession(false), message);
    response.sendRedirect(request.getContextPath() + "/devices");
  }

  /** A device's heading: its browser family and version, or words for one the fingerprint did not know. */
  static String browser(String browser) {
    return browser == null || ClientFingerprint.OTHER_BROWSER.equals(browser) ? "Unknown browser" : browser;
  }

  /** A device's network, or words for one the fingerprint did not know. */
  static String network(String network) {
    return network == null || ClientFingerprint.UNKNOWN_NETWORK.equals(network) ? "Unknown network" : network;
  }

  private static String time(Instant t) {
    return t == null ? "unknown" : TIME.format(t);
  }
}

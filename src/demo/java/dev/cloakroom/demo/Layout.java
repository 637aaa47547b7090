package dev.cloakroom.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;

/** The page shell: header with the navigation, the page's own content, the session panel, the footer. */
final class Layout {

  /** The navigation entries; {@link #NONE} marks none. */
  enum Nav { SHOP, CART, ACCOUNT, DEVICES, SIGN_IN, NONE }

  private Layout() {}

  /**
   * Writes a whole page. {@code panel} false leaves the session unread (error pages: the store may be
   * the very thing that failed).
   */
  static void write(HttpServletRequest request, HttpServletResponse response, String title, Nav active,
      Html content, boolean panel) throws IOException {
    String ctx = request.getContextPath();
    HttpSession session = panel ? request.getSession(false) : null;
    String user = session == null ? null : Page.user(session);
    Html html = new Html()
        .raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .fmt("<title>{} · Cloakroom shop</title>", title)
        .raw("<link rel=\"icon\" href=\"data:,\">")
        .fmt("<link rel=\"stylesheet\" href=\"{}/static/demo.css\">", ctx)
        .fmt("<script defer src=\"{}/static/demo.js\"></script>", ctx)
        .raw("</head><body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
        .raw("<header class=\"top\"><div class=\"bar\">")
        .fmt("<a class=\"brand\" href=\"{}/\"><span class=\"logo\" aria-hidden=\"true\">", ctx)
        .raw(Icons.HANGER).raw("</span>Cloakroom shop</a>")
        .raw("<nav aria-label=\"Main\"><ul>");
    item(html, ctx + "/", "Shop", active == Nav.SHOP);
    int count = session == null ? 0 : Cart.count(session);
    item(html, ctx + "/cart", count == 0 ? "Cart" : "Cart (" + count + ")", active == Nav.CART);
    if (user != null) {
      item(html, ctx + "/account", "Account", active == Nav.ACCOUNT);
      item(html, ctx + "/devices", "Your devices", active == Nav.DEVICES);
      html.raw("<li>").fmt("<form method=\"post\" action=\"{}/signout\" class=\"inline\">", ctx);
      Page.csrfField(html, request);
      html.fmt("<button class=\"link\">Sign out <span class=\"who\">{}</span></button></form></li>", user);
    } else if (panel) {
      item(html, ctx + "/signin", "Sign in", active == Nav.SIGN_IN);
    }
    html.raw("</ul></nav></div></header>\n")
        .raw("<div id=\"session-banner\" class=\"banner\" role=\"status\" aria-live=\"polite\" hidden></div>\n")
        .raw("<div class=\"layout\"><main id=\"main\">");
    if (session != null) {
      String flash = Page.takeFlash(session);
      if (flash != null) {
        html.fmt("<p class=\"flash\" role=\"status\">{}</p>", flash);
      }
    }
    html.add(content).raw("</main>\n");
    if (panel) {
      html.add(Panel.render(request, Instant.now()));
    } else {
      html.raw("<aside class=\"panel\" aria-label=\"Session\"><h2>Session</h2><p class=\"muted\">Not read on"
          + " this page: error pages never touch the session.</p></aside>");
    }
    html.raw("</div>\n<footer class=\"foot\"><p>A demo of <strong>Cloakroom</strong>: every session here is a"
        + " plain <code>HttpSession</code>, owned by one servlet filter registered in <code>web.xml</code>."
        + " Nothing is sold or charged.</p></footer>\n</body></html>\n");
    response.setContentType("text/html;charset=UTF-8");
    response.getWriter().write(html.toString());
  }

  private static void item(Html html, String href, String label, boolean current) {
    html.fmt("<li><a href=\"{}\"", href).raw(current ? " aria-current=\"page\"" : "").fmt(">{}</a></li>", label);
  }
}

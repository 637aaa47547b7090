package dev.cloakroom.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /cart}: the cart. {@code POST /cart} with {@code action} {@code add} or {@code remove} (and a
 * {@code product}), or {@code order}: changes it, then back to the page it came from.
 */
public final class CartServlet extends Page {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (redirectIfEnded(request, response)) {
      return;
    }
    HttpSession session = request.getSession(false);
    Map<String, Integer> cart = Cart.of(session);
    Html html = new Html().raw("<h1>Your cart</h1>");
    if (cart.isEmpty()) {
      html.fmt("<p class=\"lead\">The cart is empty. <a href=\"{}/\">Back to the shop</a>.</p>",
          request.getContextPath());
      Layout.write(request, response, "Cart", Layout.Nav.CART, html, true);
      return;
    }
    html.raw("<p class=\"lead\">The cart lives in the session: it survives navigation, signing in (the"
            + " session gets a new id, its data stays) and, on Redis or PostgreSQL, a move to another node.</p>")
        .raw("<table class=\"cart\"><caption class=\"sr-only\">Items in your cart</caption><thead><tr>"
            + "<th scope=\"col\">Item</th><th scope=\"col\" class=\"num\">Qty</th><th scope=\"col\" class=\"num\">"
            + "Price</th><th scope=\"col\"><span class=\"sr-only\">Remove</span></th></tr></thead><tbody>");
    long total = 0;
    for (Map.Entry<String, Integer> line : cart.entrySet()) {
      Catalog.Product p = Catalog.find(line.getKey()).orElseThrow();
      long sum = (long) p.priceCents() * line.getValue();
      total += sum;
      html.fmt("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>", p.name(), line.getValue(),
          Catalog.price(sum));
      form(html, request, "/cart", "inline");
      html.fmt("<input type=\"hidden\" name=\"action\" value=\"remove\"><input type=\"hidden\" name=\"product\""
          + " value=\"{}\"><button class=\"link\" aria-label=\"Remove {}\">Remove</button></form></td></tr>",
          p.id(), p.name());
    }
    html.fmt("</tbody><tfoot><tr><th scope=\"row\">Total</th><td></td><td class=\"num\">{}</td><td></td></tr>"
        + "</tfoot></table>", Catalog.price(total));
    if (user(session) != null) {
      form(html, request, "/cart", "actions");
      html.raw("<input type=\"hidden\" name=\"action\" value=\"order\"><button class=\"primary\">Place order"
          + "</button> <span class=\"muted\">(a demo: nothing is charged)</span></form>");
    } else {
      html.fmt("<p class=\"actions\"><a class=\"button primary\" href=\"{}/signin?next=/cart\">Sign in to order</a>"
          + " <span class=\"muted\">Your cart comes along.</span></p>", request.getContextPath());
    }
    Layout.write(request, response, "Cart", Layout.Nav.CART, html, true);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String action = request.getParameter("action");
    String product = request.getParameter("product");
    String back = request.getContextPath() + "/cart";
    if ("add".equals(action) && product != null && Catalog.find(product).isPresent()) {
      HttpSession session = request.getSession();
      Cart.add(session, product);
      flash(session, Catalog.find(product).get().name() + " added to your cart.");
      back = request.getContextPath() + "/";
    } else if ("remove".equals(action) && product != null && request.getSession(false) != null) {
      Cart.remove(request.getSession(false), product);
    } else if ("order".equals(action) && user(request) != null) {
      HttpSession session = request.getSession(false);
      int items = Cart.count(session);
      Cart.clear(session);
      flash(session, "Order placed: " + items + (items == 1 ? " item" : " items")
          + ". Nothing was charged; it is a demo.");
    } else {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    response.sendRedirect(back);
  }
}

package dev.cloakroom.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /}: the products, each with an "Add to cart" button. Viewing it creates no session. */
public final class ShopServlet extends Page {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (redirectIfEnded(request, response)) {
      return;
    }
    Html html = new Html().raw("<h1>Things worth leaving at the door</h1>")
        .raw("<p class=\"lead\">Add something to the cart: that is the first moment this site needs a"
            + " session. Until then the filter has created none.</p><ul class=\"products\">");
    for (Catalog.Product p : Catalog.PRODUCTS) {
      html.raw("<li class=\"product\">")
          .fmt("<svg class=\"swatch\" viewBox=\"0 0 64 24\" aria-hidden=\"true\"><rect width=\"64\" height=\"24\""
              + " rx=\"3\" fill=\"{}\"/><g transform=\"translate(20 4.5) scale(.375)\" color=\"#fff\">", p.colour())
          .raw(Icons.HANGER.replace("width=\"32\" height=\"20\"", "width=\"64\" height=\"40\""))
          .raw("</g></svg>")
          .fmt("<h2>{}</h2><p>{}</p><p class=\"price\">{}</p>", p.name(), p.blurb(), Catalog.price(p.priceCents()));
      form(html, request, "/cart", null);
      html.fmt("<input type=\"hidden\" name=\"action\" value=\"add\"><input type=\"hidden\" name=\"product\""
              + " value=\"{}\"><button type=\"submit\" aria-label=\"Add {} to cart\">Add to cart</button></form></li>",
          p.id(), p.name());
    }
    html.raw("</ul>");
    Layout.write(request, response, "Shop", Layout.Nav.SHOP, html, true);
  }
}

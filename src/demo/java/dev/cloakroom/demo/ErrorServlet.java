package dev.cloakroom.demo;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The {@code <error-page>} of every status and exception in web.xml: a friendly page, never a stack
 * trace, with the security headers of every other page. For 503, which the filter answers when the
 * session store is down, it says so and reloads by itself after {@code Retry-After} seconds (a
 * {@code Refresh} header). It never touches the session: the store may be what failed.
 */
public final class ErrorServlet extends HttpServlet {

  private static final int DEFAULT_RETRY_SECONDS = 5;
  private static final int MAX_RETRY_SECONDS = 300;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    Page.securityHeaders(response);
    String ctx = request.getContextPath();
    Html html = new Html();
    String title;
    if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
      int retry = retrySeconds(response.getHeader("Retry-After"));
      response.setHeader("Refresh", Integer.toString(retry)); // reload this URL after Retry-After seconds
      title = "Back in a moment";
      html.raw("<div class=\"outage\" id=\"outage\"><h1>Back in a moment</h1>")
          .raw("<p class=\"lead\">The session store is not answering, so this page cannot read your session"
              + " right now. Nothing is lost: your cart and your sign-in are kept in the store, not replaced by"
              + " an empty session.</p>")
          .fmt("<p>This page tries again by itself in <strong id=\"retry-seconds\">{}</strong> seconds, or you"
              + " can <a href=\"\" id=\"retry\">try again now</a>.</p>", retry)
          .raw("<p class=\"hint\">The filter answered <code>503 Service Unavailable</code> with <code>Retry-After"
              + "</code>; this is the app's own error page for 503 in <code>web.xml</code>. Requests that need no"
              + " session, such as this page and its stylesheet, are not affected.</p></div>");
    } else if (status == HttpServletResponse.SC_NOT_FOUND) {
      title = "Not found";
      html.fmt("<h1>Not found</h1><p class=\"lead\">There is no such page. <a href=\"{}/\">Back to the shop</a>."
          + "</p>", ctx);
    } else if (status == HttpServletResponse.SC_FORBIDDEN) {
      title = "Form expired";
      html.fmt("<h1>This form has expired</h1><p class=\"lead\">It was shown before your session changed (or came"
          + " from another site). Go back, reload the page and send it again. <a href=\"{}/\">Back to the shop</a>."
          + "</p>", ctx);
    } else if (status >= 400 && status < 500) {
      title = "Bad request";
      html.fmt("<h1>That did not work</h1><p class=\"lead\">The request was not understood (status {})."
          + " <a href=\"{}/\">Back to the shop</a>.</p>", status, ctx);
    } else {
      title = "Something went wrong";
      html.fmt("<h1>Something went wrong</h1><p class=\"lead\">The server could not finish this request (status"
          + " {}). Try again in a moment. <a href=\"{}/\">Back to the shop</a>.</p>", status, ctx);
    }
    Layout.write(request, response, title, Layout.Nav.NONE, html, false);
  }

  /** The {@code Retry-After} seconds the filter set, bounded; a default when absent or not a number. */
  static int retrySeconds(String header) {
    if (header == null || header.isEmpty() || header.length() > 6 || !header.chars().allMatch(Character::isDigit)) {
      return DEFAULT_RETRY_SECONDS;
    }
    return Math.max(1, Math.min(MAX_RETRY_SECONDS, Integer.parseInt(header)));
  }
}

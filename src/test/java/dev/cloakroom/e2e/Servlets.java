package dev.cloakroom.e2e;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Servlets from lambdas, and a plain-text answer, for the end-to-end tests' code deployments. */
final class Servlets {

  private Servlets() {}

  /** A servlet body. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
  }

  /** A servlet that runs {@code handler} for every method. */
  static HttpServlet servlet(Handler handler) {
    return new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
          handler.handle(request, response);
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  /** Answers {@code body} as UTF-8 plain text. */
  static void text(HttpServletResponse response, String body) throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().print(body);
  }
}

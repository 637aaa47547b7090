package dev.cloakroom.e2e;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Servlets from lambdas, and a plain-text answer, for apps deployed in code ({@link Deployment.Code}). */
public final class Servlets {

  private Servlets() {}

  /** A servlet body. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
  }

  /**
   * A servlet that runs {@code handler} for every method; HEAD goes through {@link HttpServlet}'s own
   * {@code doHead} (GET without a body), as in any servlet an app writes.
   */
  public static HttpServlet servlet(Handler handler) {
    return new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response)
          throws IOException, ServletException {
        if (request.getMethod().equals("HEAD")) {
          super.service(request, response);
        } else {
          run(handler, request, response);
        }
      }

      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response)
          throws IOException, ServletException {
        run(handler, request, response);
      }
    };
  }

  private static void run(Handler handler, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    try {
      handler.handle(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A servlet of each handler, by the same URL pattern. */
  public static Map<String, HttpServlet> servlets(Map<String, Handler> handlers) {
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    handlers.forEach((pattern, handler) -> servlets.put(pattern, servlet(handler)));
    return servlets;
  }

  /** Answers {@code body} as UTF-8 plain text. */
  public static void text(HttpServletResponse response, Object body) throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().print(body);
  }
}

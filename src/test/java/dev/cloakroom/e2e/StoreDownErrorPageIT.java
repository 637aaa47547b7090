package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.support.DownRepository;
import io.restassured.response.Response;
import java.security.SecureRandom;
import java.util.Map;

/**
 * The filter answers a store outage with {@code sendError(503)}, so an app's {@code <error-page>} for
 * 503 renders it on every container, and the filter's headers ({@code Retry-After},
 * {@code Cache-Control: no-store}) stay. The error page itself never touches the session.
 */
class StoreDownErrorPageIT {

  private static final String PAGE = "<h1>Back in a moment</h1>";

  private static AppServer start(AppServer.Kind kind, boolean withErrorPage) throws Exception {
    return start(kind, withErrorPage ? Map.of(503, "/outage") : Map.of());
  }

  private static AppServer start(AppServer.Kind kind, Map<Integer, String> errorPages) throws Exception {
    Settings settings = Settings.builder().store(new DownRepository()).build();
    Map<String, jakarta.servlet.http.HttpServlet> servlets = Map.of(
        "/read", Servlets.servlet((req, res) -> Servlets.text(res, "user=" + req.getSession().getAttribute("user"))),
        "/outage", Servlets.servlet((req, res) -> {
          res.setContentType("text/html;charset=UTF-8");
          res.getWriter().print(PAGE + "<p>status " + req.getAttribute("jakarta.servlet.error.status_code") + "</p>");
        }),
        // what a JSP error page does by default (session="true")
        "/outage-with-session", Servlets.servlet((req, res) -> {
          res.setContentType("text/html;charset=UTF-8");
          res.getWriter().print(PAGE + "<p>session new " + req.getSession().isNew() + "</p>");
        }));
    return kind.start(new Deployment.Code(new SessionFilter(settings), Map.of(), servlets, errorPages));
  }

  private static Response read(AppServer app) {
    return app.http(Internals.newId(new SecureRandom())).get("/read");
  }

  @EveryContainer
  void storeDownWhenAppHasErrorPageFor503ThenItRendersWithRetryAfterAndNoStore(AppServer.Kind kind)
      throws Exception {
    try (AppServer app = start(kind, true)) {
      Response r = read(app);

      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.asString()).contains(PAGE, "<p>status 503</p>");
      assertThat(r.header("Retry-After")).isEqualTo("5");
      assertThat(r.header("Cache-Control")).contains("no-store");
      assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    }
  }

  @EveryContainer
  void storeDownWhenAppHasNoErrorPageThenContainersOwn503WithRetryAfter(AppServer.Kind kind) throws Exception {
    try (AppServer app = start(kind, false)) {
      Response r = read(app);

      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isEqualTo("5");
      assertThat(r.asString()).doesNotContain(PAGE, "StoreUnavailableException", "at dev.cloakroom");
      assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    }
  }

  @EveryContainer
  void storeDownWhenTheErrorPageAsksForTheSessionThen503WithRetryAfterAndNoCookie(AppServer.Kind kind)
      throws Exception {
    try (AppServer app = start(kind, Map.of(503, "/outage-with-session"))) {
      Response r = read(app);

      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isEqualTo("5");
      assertThat(r.headers().getValues("Set-Cookie")).as("neither ours nor the container's").isEmpty();
      assertThat(r.asString()).doesNotContain("session new", "StoreUnavailableException", "at dev.cloakroom");
    }
  }
}

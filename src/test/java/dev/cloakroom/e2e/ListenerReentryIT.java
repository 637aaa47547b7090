package dev.cloakroom.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.ConformanceServlets;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 7, case 9, over HTTP on every container: a listener that calls {@code invalidate()} from
 * {@code sessionDestroyed} gets the spec's {@link IllegalStateException}; the request that invalidated
 * the session answers normally and clears the cookie (it used to recurse into a
 * {@link StackOverflowError} and a 500).
 */
class ListenerReentryIT {

  /** Calls {@code invalidate()} again from {@code sessionDestroyed}; records what it got. */
  static final class InvalidatingListener implements HttpSessionListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
      try {
        se.getSession().invalidate();
        events.add("invalidated again");
      } catch (IllegalStateException e) {
        events.add("IllegalStateException");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void invalidateWhenListenerReentersFromSessionDestroyedThenListenerGetsIllegalStateAndCookieCleared(
      AppServer.Kind kind) throws Exception {
    InvalidatingListener listener = new InvalidatingListener();
    Settings settings = Settings.builder().listener(listener).sweepInterval(Duration.ofHours(24)).build();
    try (AppServer app = kind.start(new Deployment.Code(new SessionFilter(settings), ConformanceServlets.all()))) {
      String id = SetCookies.issuedId(given().baseUri(app.baseUrl()).get("/create"));

      Response r = given().baseUri(app.baseUrl()).header("Cookie", "SID=" + id).get("/invalidate");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.asString()).isEqualTo("invalidated");
      assertThat(SetCookies.normalized(r)).containsExactly(SetCookies.CLEARED);
      assertThat(listener.events).containsExactly("IllegalStateException");
    }
  }
}

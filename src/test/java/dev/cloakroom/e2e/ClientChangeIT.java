package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.RecordingClientChangeListener;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client-change signals (issue 11, item 3) over HTTP on every container. The policy, the listener (by
 * class name) and the trusted proxy come in as init-params; the client varies by
 * {@code X-Forwarded-For} (the test client at 127.0.0.1 is the trusted proxy) and {@code User-Agent}.
 */
class ClientChangeIT {

  private static final String FIREFOX_133 = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
  private static final String CHROME_131 = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
      + " Chrome/131.0.0.0 Safari/537.36";
  private static final String HOME = "203.0.113.10";
  private static final String MOBILE = "2001:db8:5:1::7";

  private static Map<String, HttpServlet> servlets() {
    return Map.of(
        "/login", Servlets.servlet((req, res) -> req.getSession().setAttribute("user", "alice")),
        "/who", Servlets.servlet((req, res) -> {
          HttpSession s = req.getSession(false);
          Servlets.text(res, s == null ? "none" : String.valueOf(s.getAttribute("user")));
        }));
  }

  private static SessionFilter filter() {
    return new SessionFilter(Settings.builder().clock(new FakeClock()).sweepInterval(Duration.ofHours(24)).build());
  }

  private static AppServer start(AppServer.Kind kind, SessionFilter filter, String policy) throws Exception {
    RecordingClientChangeListener.HEARD.clear();
    return kind.start(new Deployment.Code(filter, Map.of("principalAttribute", "user", "trustedProxies", "127.0.0.1",
        "clientChangePolicy", policy, "clientChangeListener", RecordingClientChangeListener.class.getName()),
        servlets(), Map.of()));
  }

  private static Response get(AppServer app, String path, String id, String address, String userAgent) {
    var spec = app.http().header("X-Forwarded-For", address).header("User-Agent", userAgent);
    if (id != null) {
      spec = spec.header("Cookie", "SID=" + id);
    }
    return spec.get(path);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void signalWhenNetworkChangesThenEventHeardAndSessionGoesOn(AppServer.Kind kind) throws Exception {
    SessionFilter filter = filter();
    try (AppServer app = start(kind, filter, "signal")) {
      String id = SetCookies.issuedId(get(app, "/login", null, HOME, FIREFOX_133));

      Response r = get(app, "/who", id, MOBILE, FIREFOX_133);

      assertThat(r.asString()).isEqualTo("alice");
      assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
      assertThat(RecordingClientChangeListener.HEARD).containsExactly("alice changed=[NETWORK] session=present");
      assertThat(filter.metrics().count(SessionEvent.CLIENT_CHANGED)).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void endSessionWhenBrowserChangesThenSessionEndedAndCookieCleared(AppServer.Kind kind) throws Exception {
    SessionFilter filter = filter();
    try (AppServer app = start(kind, filter, "end-session")) {
      String id = SetCookies.issuedId(get(app, "/login", null, HOME, FIREFOX_133));

      Response r = get(app, "/who", id, HOME, CHROME_131);

      assertThat(r.asString()).isEqualTo("none");
      assertThat(r.headers().getValues("Set-Cookie")).containsExactly(SetCookies.CLEARED);
      assertThat(RecordingClientChangeListener.HEARD).containsExactly("alice changed=[BROWSER] session=none");
      assertThat(filter.metrics().count(SessionEvent.INVALIDATED)).isEqualTo(1);
      assertThat(get(app, "/who", id, HOME, FIREFOX_133).asString()).as("the sign-in client too").isEqualTo("none");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void endSessionWhenSameNetworkAndBrowserThenSessionKept(AppServer.Kind kind) throws Exception {
    try (AppServer app = start(kind, filter(), "end-session")) {
      String id = SetCookies.issuedId(get(app, "/login", null, HOME, FIREFOX_133));

      Response r = get(app, "/who", id, "203.0.113.200", FIREFOX_133.replace("133.0", "133.5"));

      assertThat(r.asString()).isEqualTo("alice");
      assertThat(RecordingClientChangeListener.HEARD).isEmpty();
    }
  }
}

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

  /** A fresh app whose filter applies {@code clientChangePolicy}, and the client that talks to it. */
  private record PolicyApp(AppServer server, SessionFilter filter) implements AutoCloseable {

    static PolicyApp start(AppServer.Kind kind, String policy) throws Exception {
      RecordingClientChangeListener.HEARD.clear();
      SessionFilter filter = new SessionFilter(Settings.builder().clock(new FakeClock())
          .sweepInterval(Duration.ofHours(24)).build());
      Map<String, String> params = Map.of("principalAttribute", "user", "trustedProxies", "127.0.0.1",
          "clientChangePolicy", policy, "clientChangeListener", RecordingClientChangeListener.class.getName());
      Map<String, HttpServlet> servlets = Map.of(
          "/login", Servlets.servlet((req, res) -> req.getSession().setAttribute("user", "alice")),
          "/who", Servlets.servlet((req, res) -> {
            HttpSession s = req.getSession(false);
            Servlets.text(res, s == null ? "none" : String.valueOf(s.getAttribute("user")));
          }));
      return new PolicyApp(kind.start(new Deployment.Code(filter, params, servlets, Map.of())), filter);
    }

    /** Signs alice in from home on Firefox 133; the session's id. */
    String signInAtHome() {
      return SetCookies.issuedId(send("/login", null, HOME, FIREFOX_133));
    }

    /** {@code /who} with session {@code id}, sent from {@code address} by {@code userAgent}. */
    Response who(String id, String address, String userAgent) {
      return send("/who", id, address, userAgent);
    }

    private Response send(String path, String id, String address, String userAgent) {
      return server.http(id).header("X-Forwarded-For", address).header("User-Agent", userAgent).get(path);
    }

    @Override
    public void close() {
      server.close();
    }
  }

  @EveryContainer
  void signalWhenNetworkChangesThenEventHeardAndSessionGoesOn(AppServer.Kind kind) throws Exception {
    try (PolicyApp app = PolicyApp.start(kind, "signal")) {
      Response r = app.who(app.signInAtHome(), MOBILE, FIREFOX_133);

      assertThat(r.asString()).isEqualTo("alice");
      assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
      assertThat(RecordingClientChangeListener.HEARD).containsExactly("alice changed=[NETWORK] session=present");
      assertThat(app.filter().metrics().count(SessionEvent.CLIENT_CHANGED)).isEqualTo(1);
    }
  }

  @EveryContainer
  void endSessionWhenBrowserChangesThenSessionEndedAndCookieCleared(AppServer.Kind kind) throws Exception {
    try (PolicyApp app = PolicyApp.start(kind, "end-session")) {
      String id = app.signInAtHome();

      Response r = app.who(id, HOME, CHROME_131);

      assertThat(r.headers().getValues("Set-Cookie")).containsExactly(SetCookies.CLEARED);
      assertThat(r.asString()).isEqualTo("none");
      assertThat(RecordingClientChangeListener.HEARD).containsExactly("alice changed=[BROWSER] session=none");
      assertThat(app.filter().metrics().count(SessionEvent.INVALIDATED)).isEqualTo(1);
      assertThat(app.who(id, HOME, FIREFOX_133).asString()).as("the sign-in client too").isEqualTo("none");
    }
  }

  @EveryContainer
  void endSessionWhenSameNetworkAndBrowserThenSessionKept(AppServer.Kind kind) throws Exception {
    try (PolicyApp app = PolicyApp.start(kind, "end-session")) {
      Response r = app.who(app.signInAtHome(), "203.0.113.200", FIREFOX_133.replace("133.0", "133.5"));

      assertThat(RecordingClientChangeListener.HEARD).isEmpty();
      assertThat(r.asString()).isEqualTo("alice");
    }
  }
}

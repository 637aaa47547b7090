package dev.cloakroom.e2e;

import static dev.cloakroom.e2e.SetCookies.CLEARED;
import static dev.cloakroom.e2e.SetCookies.ISSUED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.cloakroom.Settings;
import dev.cloakroom.SettingsException;
import dev.cloakroom.support.CapturedLogs;
import io.restassured.response.Response;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter registered three ways (web.xml, an annotated subclass found by scanning, code) on every
 * container of the matrix ({@link AppServer.Kind}): the same requests give the same {@code Set-Cookie}
 * text under all of them. Each app is started once and shared by the tests of its pair.
 */
class ConfigDoorsIT {

  private static final String BAD_IDLE_TIMEOUT =
      "idleTimeout=abc is not accepted; it accepts a positive duration such as 30m, 1h or PT30M";
  private static final String BAD_INIT = "Cloakroom filter cloakroom: " + BAD_IDLE_TIMEOUT;

  private static final StartedOnce<AppServer> SERVERS = new StartedOnce<>();
  private static final Map<String, List<String>> TRANSCRIPTS = new ConcurrentHashMap<>();

  private static AppServer server(AppServer.Kind kind, Door door) {
    return SERVERS.get(kind + " " + door, () -> {
      AppServer server = kind.start(door.standard());
      assertThat(server.appAvailable()).as("%s %s started", kind, door).isTrue();
      return server;
    });
  }

  @AfterAll
  static void stopServers() throws Exception {
    SERVERS.close();
    TRANSCRIPTS.forEach((k, v) -> System.out.println("transcript " + k + ":\n  " + String.join("\n  ", v)));
    assertThat(TRANSCRIPTS.values().stream().distinct()).as("one transcript for all apps").hasSizeLessThanOrEqualTo(1);
  }

  @EveryContainerWith(Door.class)
  void firstRequestWhenNoCookieThenIssuesOneSessionCookie(AppServer.Kind kind, Door door) {
    Response r = server(kind, door).http().get("/counter");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("1");
    assertThat(SetCookies.normalized(r)).containsExactly(ISSUED);
  }

  @EveryContainerWith(Door.class)
  void counterWhenCookieSentBackThenIncrementsWithoutNewCookie(AppServer.Kind kind, Door door) {
    String id = SetCookies.issuedId(server(kind, door).http().get("/counter"));

    Response second = server(kind, door).http(id).get("/counter");
    Response third = server(kind, door).http(id).get("/counter");

    assertThat(second.asString()).isEqualTo("2");
    assertThat(third.asString()).isEqualTo("3");
    assertThat(second.headers().getValues("Set-Cookie")).isEmpty();
    assertThat(third.headers().getValues("Set-Cookie")).isEmpty();
  }

  @EveryContainerWith(Door.class)
  void loginWhenSessionExistsThenIdRotatesAndOldIdIsDead(AppServer.Kind kind, Door door) {
    String before = SetCookies.issuedId(server(kind, door).http().get("/counter"));

    Response login = server(kind, door).http(before).formParam("user", "alice").post("/login");
    String after = SetCookies.issuedId(login);

    assertThat(SetCookies.normalized(login)).containsExactly(ISSUED);
    assertThat(after).isNotEqualTo(before);
    assertThat(server(kind, door).http(after).get("/whoami").asString()).isEqualTo("alice");
    assertThat(server(kind, door).http(after).get("/counter").asString()).as("data kept").isEqualTo("2");
    Response old = server(kind, door).http(before).get("/whoami");
    assertThat(old.asString()).isEqualTo("anonymous");
    assertThat(old.headers().getValues("Set-Cookie")).isEmpty();
    Response oldCounter = server(kind, door).http(before).get("/counter");
    assertThat(oldCounter.asString()).as("a fresh session").isEqualTo("1");
    assertThat(SetCookies.issuedId(oldCounter)).isNotEqualTo(before).isNotEqualTo(after);
  }

  @EveryContainerWith(Door.class)
  void logoutWhenSignedInThenCookieClearedAndSessionGone(AppServer.Kind kind, Door door) {
    String anonymous = SetCookies.issuedId(server(kind, door).http().get("/counter"));
    String id = SetCookies.issuedId(server(kind, door).http(anonymous).formParam("user", "bob").post("/login"));

    Response logout = server(kind, door).http(id).post("/logout");

    assertThat(logout.statusCode()).isEqualTo(200);
    assertThat(logout.headers().getValues("Set-Cookie")).containsExactly(CLEARED);
    assertThat(server(kind, door).http(id).get("/whoami").asString()).isEqualTo("anonymous");
  }

  @EveryContainerWith(Door.class)
  void requestWhenFilterRegisteredOnceThenExactlyOneFilterWrapsIt(AppServer.Kind kind, Door door) {
    Response r = server(kind, door).http().get("/filters");

    assertThat(r.asString()).isEqualTo("1");
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
  }

  @EveryContainerWith(Door.class)
  void sameRequestsWhenAnyContainerAndDoorThenSameTranscriptAndNoJsessionid(AppServer.Kind kind, Door door) {
    List<String> transcript = new ArrayList<>();
    List<String> allHeaders = new ArrayList<>();
    Map<String, String> ids = new LinkedHashMap<>();
    Step step = (label, r) -> {
      transcript.add(label + " -> " + r.statusCode() + " " + r.asString().trim() + " " + SetCookies.normalized(r));
      allHeaders.add(r.headers().toString());
      return r;
    };

    ids.put("a", SetCookies.issuedId(step.record("GET /counter", server(kind, door).http().get("/counter"))));
    step.record("GET /counter [a]", server(kind, door).http(ids.get("a")).get("/counter"));
    ids.put("b", SetCookies.issuedId(step.record("POST /login [a]",
        server(kind, door).http(ids.get("a")).formParam("user", "alice").post("/login"))));
    step.record("GET /whoami [a]", server(kind, door).http(ids.get("a")).get("/whoami"));
    step.record("GET /whoami [b]", server(kind, door).http(ids.get("b")).get("/whoami"));
    step.record("GET /counter [b]", server(kind, door).http(ids.get("b")).get("/counter"));
    step.record("POST /logout [b]", server(kind, door).http(ids.get("b")).post("/logout"));
    step.record("GET /whoami [b]", server(kind, door).http(ids.get("b")).get("/whoami"));
    step.record("POST /logout", server(kind, door).http().post("/logout"));
    step.record("GET /counter [garbage]", server(kind, door).http("garbage").get("/counter"));
    TRANSCRIPTS.put(kind + " " + door, transcript);

    assertThat(transcript).containsExactly(
        "GET /counter -> 200 1 [" + ISSUED + "]",
        "GET /counter [a] -> 200 2 []",
        "POST /login [a] -> 200 alice [" + ISSUED + "]",
        "GET /whoami [a] -> 200 anonymous []",
        "GET /whoami [b] -> 200 alice []",
        "GET /counter [b] -> 200 3 []",
        "POST /logout [b] -> 200 bye [" + CLEARED + "]",
        "GET /whoami [b] -> 200 anonymous []",
        "POST /logout -> 200 bye []",
        "GET /counter [garbage] -> 200 1 [" + ISSUED + "]");
    assertThat(allHeaders).noneMatch(h -> h.toUpperCase(java.util.Locale.ROOT).contains("JSESSIONID"));
  }

  static Stream<Arguments> failedStarts() {
    String jetty = "WARN org\\.eclipse\\.jetty\\.ee10\\.webapp\\.WebAppContext Failed startup.*";
    String tomcat = "SEVERE .*Exception starting filter \\[cloakroom\\].*";
    return Stream.of(
        argumentSet("Jetty webapp, web.xml: 503", AppServer.Kind.JETTY_EE10, Door.WEB_XML, 503, jetty),
        argumentSet("Jetty webapp, annotation: 503", AppServer.Kind.JETTY_EE10, Door.ANNOTATION, 503, jetty),
        argumentSet("Tomcat, web.xml: 404", AppServer.Kind.TOMCAT, Door.WEB_XML, 404, tomcat),
        argumentSet("Tomcat, annotation: 404", AppServer.Kind.TOMCAT, Door.ANNOTATION, 404, tomcat),
        argumentSet("Tomcat, code: 404", AppServer.Kind.TOMCAT, Door.CODE, 404, tomcat));
  }

  /**
   * A filter that fails {@code init} takes its app down, not the container, which runs on and logs the
   * failure naming the parameter: Jetty marks a webapp unavailable and answers 503; Tomcat fails the
   * context ("One or more Filters failed to start") and answers 404.
   */
  @ParameterizedTest
  @MethodSource("failedStarts")
  void startWhenIdleTimeoutIsAbcThenAppDownWithoutCookieAndFailureLogged(AppServer.Kind kind, Door door, int status,
      String logged) throws Exception {
    try (CapturedLogs logs = new CapturedLogs(); AppServer server = kind.start(door.withBadIdleTimeout())) {
      Response r = server.http().get("/counter");

      assertThat(server.appAvailable()).isFalse();
      assertThat(r.statusCode()).isEqualTo(status);
      assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
      assertThat(logs.lines()).anyMatch(l -> l.matches("(?s)" + logged) && l.contains(BAD_INIT));
    }
  }

  /** Jetty's plain ServletContextHandler (the code door) does not swallow it: {@code server.start()} throws. */
  @Test
  void startWhenIdleTimeoutIsAbcOnJettyCodeThenServerStartThrows() {
    assertThatThrownBy(() -> AppServer.Kind.JETTY_EE10.start(Door.CODE.withBadIdleTimeout()))
        .isInstanceOf(ServletException.class)
        .hasMessage(BAD_INIT);
  }

  @Test
  void buildWhenIdleTimeoutIsAbcThenSettingsExceptionNamesIt() {
    assertThatThrownBy(() -> Settings.fromParams(Door.BAD_PARAMS))
        .isInstanceOf(SettingsException.class)
        .hasMessage(BAD_IDLE_TIMEOUT);
  }

  /** Records one exchange of the transcript. */
  @FunctionalInterface
  private interface Step {
    Response record(String label, Response response);
  }
}

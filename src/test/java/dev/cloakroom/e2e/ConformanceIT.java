package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.SessionFilters;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.annotated.listening.ListeningApp;
import dev.cloakroom.e2e.app.Journal;
import dev.cloakroom.e2e.app.Recorder;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Servlet conformance (gh-4) on every container of the matrix ({@link AppServer.Kind}): session listeners
 * declared the four ways (web.xml {@code <listener>}, {@code @WebListener}, {@code ServletContext.addListener}, and
 * {@code Settings.builder().listener} in code), expiry noticed on access or by the sweeper exactly once,
 * the app's own session config from web.xml and from code, and the request's session methods.
 *
 * <p>Listeners write to the {@link Journal}, which stays with the test's class loader; each test reads
 * only the events of the sessions it made. Apps are started once per container and shared by the tests
 * that use them; apps driven by a {@link FakeClock} are registered in code, with the sweeper thread
 * idle ({@code sweepInterval=24h}) so that tests sweep through {@link SessionFilters#sweep}.
 */
class ConformanceIT {

  /** An IMF-fixdate (RFC 9110), as a regular expression, for cookies whose Expires follows the real clock. */
  private static final String IMF_FIXDATE = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT";

  /** The source of the listener given in code to the clocked apps. */
  private static final String CODE = "code";

  @AutoClose
  private static final StartedOnce<AppServer> SERVERS = new StartedOnce<>();
  @AutoClose
  private static final StartedOnce<Node> NODES = new StartedOnce<>();

  /** A code-registered app whose filter and clock the test holds. */
  private record Node(AppServer server, SessionFilter filter, FakeClock clock) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  /** The ways an app declares a session listener. */
  enum Declared {
    WEB_XML(Recorder.WebXml.SOURCE),
    ANNOTATION(ListeningApp.Listener.SOURCE),
    ADD_LISTENER(Recorder.Adder.SOURCE),
    CODE(ConformanceIT.CODE);

    final String source;

    Declared(String source) {
      this.source = source;
    }

    AppServer server(AppServer.Kind kind) {
      return switch (this) {
        case WEB_XML, ADD_LISTENER -> webapp(kind, "listeners");
        case ANNOTATION -> SERVERS.get(kind + " listening", () -> start(kind,
            new Deployment.Annotated(ListeningApp.class)));
        case CODE -> clocked(kind).server();
      };
    }
  }

  /** How a session of the clocked app ends while nobody looks. */
  enum Expiry {
    /** Created, then 30 minutes without a request (idle 30m). */
    IDLE,
    /** Created, used every 20 minutes, then 21 minutes idle past the 2h absolute limit. */
    ABSOLUTE;

    /** A session of {@code node} that has just expired this way, not yet noticed by anyone. */
    String expiredSession(Node node) {
      String id = SetCookies.issuedId(node.server().http().get("/create"));
      if (this == ABSOLUTE) {
        for (int i = 0; i < 5; i++) {
          node.clock().advance(Duration.ofMinutes(20));
          assertThat(facts(node.server().http(id).get("/request"))).containsEntry("valid", "true");
        }
      }
      node.clock().advance(this == IDLE ? Duration.ofMinutes(30) : Duration.ofMinutes(21));
      return id;
    }
  }

  /**
   * The app's own session config in webapp {@code dir}, and what it makes: the cookie {@code cookieName}
   * as {@code setCookie} (a regular expression), and the timeout in seconds.
   */
  record SessionConfig(String dir, String cookieName, String setCookie, String maxInactiveInterval) {}

  static Stream<Arguments> sessionConfigs() {
    return AppServer.Kind.withEach(
        // issue 7, case 11: the app's name as given, no prefix added; Expires goes with Max-Age; Secure over http
        named("<session-config> in web.xml", new SessionConfig("cookie-webxml", "APPSID", "APPSID=<id>; Path=/;"
            + " Max-Age=3600; Expires=" + IMF_FIXDATE + "; Secure; HttpOnly; SameSite=Strict", "600")),
        named("set in code as the context starts", new SessionConfig("cookie-code", "CODESID", "CODESID=<id>; Path=/;"
            + " Max-Age=1800; Expires=" + IMF_FIXDATE + "; HttpOnly; SameSite=Strict", "900")),
        named("<session-config> and the filter's init-params, which win", new SessionConfig("cookie-precedence",
            "__Host-FILTERSID", "__Host-FILTERSID=<id>; Path=/; Max-Age=3600; Expires=" + IMF_FIXDATE
                + "; Secure; HttpOnly; SameSite=Lax", "1200")));
  }

  // ---- 1. listeners, declared four ways

  @EveryContainerWith(Declared.class)
  void useSessionWhenListenerDeclaredThenCreatedAndAttributeEventsArrive(AppServer.Kind kind, Declared declared) {
    AppServer app = declared.server(kind);
    String id = SetCookies.issuedId(app.http().get("/create"));

    app.http(id).queryParam("name", "x").queryParam("value", "1").get("/set");
    app.http(id).queryParam("name", "x").queryParam("value", "2").get("/set");
    app.http(id).queryParam("name", "x").get("/remove");

    assertThat(Journal.of(declared.source, Map.of(id, "A")))
        .containsExactly("created A", "added A x=1", "replaced A x old=1", "removed A x=2");
  }

  @EveryContainerWith(Declared.class)
  void changeSessionIdWhenListenerDeclaredThenIdChangedWithOldId(AppServer.Kind kind, Declared declared) {
    AppServer app = declared.server(kind);
    String before = SetCookies.issuedId(app.http().get("/create"));

    String after = SetCookies.issuedId(app.http(before).get("/rotate"));

    assertThat(after).isNotEqualTo(before);
    assertThat(Journal.of(declared.source, Map.of(before, "A", after, "B")))
        .containsExactly("created A", "idChanged B old=A");
  }

  @EveryContainerWith(Declared.class)
  void invalidateWhenListenerDeclaredThenDestroyedWhileAttributesReadable(AppServer.Kind kind, Declared declared) {
    AppServer app = declared.server(kind);
    String id = SetCookies.issuedId(app.http().queryParam("name", "y").queryParam("value", "1").get("/set"));

    Response invalidate = app.http(id).get("/invalidate");

    assertThat(invalidate.asString()).isEqualTo("invalidated");
    assertThat(Journal.of(declared.source, Map.of(id, "A")))
        .containsExactly("created A", "added A y=1", "destroyed A", "removed A y=1");
    assertThat(facts(app.http(id).get("/request"))).containsEntry("session", "none");
  }

  // ---- 2. expiry, noticed in time, destroyed exactly once

  @EveryContainerWith(Expiry.class)
  void accessWhenExpiredThenGoneAndDestroyedOnce(AppServer.Kind kind, Expiry expiry) {
    Node node = clocked(kind);
    String id = expiry.expiredSession(node);

    Map<String, String> facts = facts(node.server().http(id).get("/request"));
    SessionFilters.sweep(node.filter());

    assertThat(facts).containsEntry("session", "none").containsEntry("valid", "false");
    assertThat(Journal.of(CODE, aliases(id))).containsExactly("created A", "destroyed A");
  }

  @EveryContainerWith(Expiry.class)
  void sweepWhenExpiredThenDestroyedOnceWithStoreKeyAsId(AppServer.Kind kind, Expiry expiry) {
    Node node = clocked(kind);
    String id = expiry.expiredSession(node);

    SessionFilters.sweep(node.filter());
    Map<String, String> facts = facts(node.server().http(id).get("/request"));

    assertThat(Journal.of(CODE, aliases(id))).containsExactly("created A", "destroyed key(A)");
    assertThat(facts).containsEntry("session", "none");
  }

  @EveryContainer
  void revokeOthersWhenSignedInOnTwoDevicesThenOtherSessionDestroyed(AppServer.Kind kind) {
    Node node = clocked(kind);
    String user = "erin-" + kind;
    String here = SetCookies.issuedId(node.server().http().queryParam("user", user).get("/signin"));
    String there = SetCookies.issuedId(node.server().http().queryParam("user", user).get("/signin"));

    Response revoke = node.server().http(here).get("/revoke-others");

    assertThat(revoke.asString()).isEqualTo("1");
    assertThat(Journal.of(CODE, aliases(there))).containsExactly("created A", "added A user=" + user, "destroyed key(A)",
        "removed key(A) user=" + user);
    assertThat(Journal.of(CODE, aliases(here))).containsExactly("created A", "added A user=" + user);
    assertThat(facts(node.server().http(there).get("/request"))).containsEntry("session", "none");
  }

  @Test
  void sweepThenAccessOnBothNodesWhenSessionExpiredThenDestroyedOnceInTotal() {
    String id = expiredAfterUseOnBothNodes();

    SessionFilters.sweep(pair(AppServer.Kind.JETTY_EE10).filter());
    SessionFilters.sweep(pair(AppServer.Kind.TOMCAT).filter());
    pair(AppServer.Kind.JETTY_EE10).server().http(id).get("/request");
    pair(AppServer.Kind.TOMCAT).server().http(id).get("/request");

    assertThat(destroyedOnPair(id)).containsExactly("destroyed key(A)");
  }

  @Test
  void accessThenSweepOnBothNodesWhenSessionExpiredThenDestroyedOnceInTotal() {
    String id = expiredAfterUseOnBothNodes();

    Map<String, String> onTomcat = facts(pair(AppServer.Kind.TOMCAT).server().http(id).get("/request"));
    Map<String, String> onJetty = facts(pair(AppServer.Kind.JETTY_EE10).server().http(id).get("/request"));
    SessionFilters.sweep(pair(AppServer.Kind.JETTY_EE10).filter());
    SessionFilters.sweep(pair(AppServer.Kind.TOMCAT).filter());

    assertThat(onTomcat).containsEntry("session", "none");
    assertThat(onJetty).containsEntry("session", "none");
    assertThat(destroyedOnPair(id)).containsExactly("destroyed A");
  }

  // ---- 3. the app's session config

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("sessionConfigs")
  void createWhenAppHasSessionConfigThenSetCookieFollowsIt(AppServer.Kind kind, SessionConfig config) {
    Response r = webapp(kind, config.dir()).http().get("/create");

    assertThat(SetCookies.normalized(r)).singleElement().asString().matches(config.setCookie());
  }

  @EveryContainer
  void startWhenSessionConfigWeakensSecurityThenWarnsNamingItAndCookieStaysHttpOnly(AppServer.Kind kind)
      throws Exception {
    List<String> lines;
    try (CapturedLogs logs = new CapturedLogs();
        AppServer app = start(kind, new Deployment.WebXml(Door.WEBAPPS.resolve("cookie-weak")))) {
      lines = logs.lines();

      assertThat(SetCookies.normalized(app.http().get("/create"))).containsExactly(SetCookies.ISSUED);
    }
    assertThat(lines).filteredOn(l -> l.startsWith("WARN dev.cloakroom.AppSessionConfig")).containsExactlyInAnyOrder(
        "WARN dev.cloakroom.AppSessionConfig session-config refused setting=cookie-config/http-only=false reason=scripts"
            + " could read the session id; the cookie stays HttpOnly",
        "WARN dev.cloakroom.AppSessionConfig session-config refused setting=tracking-mode=URL reason=session ids in URLs"
            + " leak through logs, history and Referer; Cloakroom reads the cookie only");
  }

  /** An app without session config of its own. */
  enum PlainApp { WEB_XML, CODE }

  @EveryContainerWith(PlainApp.class)
  void startWhenAppHasNoSessionConfigThenNoSessionConfigWarning(AppServer.Kind kind, PlainApp plain)
      throws Exception {
    List<String> lines;
    try (CapturedLogs logs = new CapturedLogs();
        AppServer app = start(kind, plain == PlainApp.WEB_XML ? new Deployment.WebXml(Door.WEBAPPS.resolve("listeners"))
            : new Deployment.Code(new SessionFilter(Settings.builder().build()), TestServlets.all()))) {
      lines = logs.lines();

      assertThat(SetCookies.normalized(app.http().get("/create"))).containsExactly(SetCookies.ISSUED);
    }
    assertThat(lines).filteredOn(l -> l.contains("session-config")).isEmpty();
  }

  // ---- 4. the request's session methods

  @EveryContainer
  void getRequestedSessionIdWhenMalformedCookieThenReturnsWhatClientSent(AppServer.Kind kind) {
    Map<String, String> facts = facts(clocked(kind).server().http("not-a-session-id").get("/request"));

    assertThat(facts).containsEntry("requestedSessionId", "not-a-session-id").containsEntry("fromCookie", "true")
        .containsEntry("valid", "false").containsEntry("session", "none");
  }

  @EveryContainer
  void isRequestedSessionIdFromCookieWhenOurCookieSentThenTrueAndValid(AppServer.Kind kind) {
    AppServer app = clocked(kind).server();
    String id = SetCookies.issuedId(app.http().get("/create"));

    Map<String, String> facts = facts(app.http(id).get("/request"));

    assertThat(facts).containsEntry("requestedSessionId", id).containsEntry("fromCookie", "true")
        .containsEntry("fromURL", "false").containsEntry("valid", "true");
  }

  @EveryContainer
  void isRequestedSessionIdValidWhenInvalidatedInSameRequestThenTurnsFalse(AppServer.Kind kind) {
    AppServer app = clocked(kind).server();
    String id = SetCookies.issuedId(app.http().get("/create"));

    Response r = app.http(id).get("/invalidate-check");

    assertThat(r.asString()).isEqualTo("before=true after=false");
  }

  @EveryContainer
  void isNewWhenCreatedThenTrueUntilClientSendsIdBack(AppServer.Kind kind) {
    AppServer app = clocked(kind).server();
    Response first = app.http().get("/create");
    String id = SetCookies.issuedId(first);

    Response second = app.http(id).get("/create");

    assertThat(first.asString()).isEqualTo("new");
    assertThat(second.asString()).isEqualTo("existing");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("sessionConfigs")
  void getMaxInactiveIntervalWhenAppHasSessionConfigThenItsTimeoutInSeconds(AppServer.Kind kind,
      SessionConfig config) {
    AppServer app = webapp(kind, config.dir());
    String id = SetCookies.issuedId(app.http().get("/create"), config.cookieName());

    assertThat(facts(http(app, config.cookieName(), id).get("/request")))
        .containsEntry("maxInactiveInterval", config.maxInactiveInterval());
  }

  @EveryContainer
  void getMaxInactiveIntervalWhenChangedPerSessionThenNextRequestSeesIt(AppServer.Kind kind) {
    AppServer app = webapp(kind, "cookie-webxml");
    String id = SetCookies.issuedId(app.http().get("/create"), "APPSID");

    http(app, "APPSID", id).queryParam("seconds", "1234").get("/timeout");

    assertThat(facts(http(app, "APPSID", id).get("/request"))).containsEntry("maxInactiveInterval", "1234");
  }

  @EveryContainer
  void getLastAccessedTimeWhenTouchIntervalZeroThenPreviousRequestStart(AppServer.Kind kind) {
    Node node = clocked(kind);
    Instant created = node.clock().instant();
    String id = SetCookies.issuedId(node.server().http().get("/create"));
    node.clock().advance(Duration.ofMinutes(5));
    Instant second = node.clock().instant();

    Map<String, String> atSecond = facts(node.server().http(id).get("/request"));
    node.clock().advance(Duration.ofMinutes(7));
    Map<String, String> atThird = facts(node.server().http(id).get("/request"));

    assertThat(atSecond).containsEntry("lastAccessedTime", String.valueOf(created.toEpochMilli()))
        .containsEntry("creationTime", String.valueOf(created.toEpochMilli()));
    assertThat(atThird).containsEntry("lastAccessedTime", String.valueOf(second.toEpochMilli()));
  }

  @EveryContainer
  void getLastAccessedTimeWhenDefaultTouchIntervalThenLagsPreviousRequestByAtMostIt(AppServer.Kind kind) {
    Node node = lagging(kind);
    String id = SetCookies.issuedId(node.server().http().get("/create"));
    Instant previous = node.clock().instant();
    List<Long> lags = new ArrayList<>();
    for (int seconds : new int[] {30, 20, 40, 10, 70}) {
      node.clock().advance(Duration.ofSeconds(seconds));
      long lastAccessed = Long.parseLong(facts(node.server().http(id).get("/request")).get("lastAccessedTime"));
      lags.add(previous.toEpochMilli() - lastAccessed);
      previous = node.clock().instant();
    }

    // requests at 0s, 30s, 50s, 90s, 100s, 170s; touches at 0s, 90s (first at least 1m after the last)
    assertThat(lags).containsExactly(0L, 30_000L, 50_000L, 0L, 10_000L);
    assertThat(lags).allSatisfy(lag -> assertThat(lag).isBetween(0L, Duration.ofMinutes(1).toMillis()));
  }

  // ---- apps

  private static AppServer start(AppServer.Kind kind, Deployment deployment) throws Exception {
    AppServer server = kind.start(deployment);
    assertThat(server.appAvailable()).as("%s %s started", kind, deployment).isTrue();
    return server;
  }

  /** The webapp directory {@code src/test/webapps/<dir>} on {@code kind}. */
  private static AppServer webapp(AppServer.Kind kind, String dir) {
    return SERVERS.get(kind + " " + dir, () -> start(kind, new Deployment.WebXml(Door.WEBAPPS.resolve(dir))));
  }

  /** Code door with a fake clock: idle 30m, absolute 2h, touch on every request, the code listener. */
  private static Node clocked(AppServer.Kind kind) {
    return NODES.get(kind + " clocked", () -> {
      FakeClock clock = new FakeClock();
      Settings settings = Settings.builder().clock(clock).idleTimeout(Duration.ofMinutes(30))
          .absoluteTimeout(Duration.ofHours(2)).touchInterval(Duration.ZERO).sweepInterval(Duration.ofHours(24))
          .principalAttribute(TestServlets.USER).listener(new Recorder(CODE)).build();
      SessionFilter filter = new SessionFilter(settings);
      return new Node(start(kind, new Deployment.Code(filter, TestServlets.all())), filter, clock);
    });
  }

  /** Code door with a fake clock and the default touch interval (1m). */
  private static Node lagging(AppServer.Kind kind) {
    return NODES.get(kind + " lagging", () -> {
      FakeClock clock = new FakeClock();
      Settings settings = Settings.builder().clock(clock).idleTimeout(Duration.ofMinutes(30))
          .sweepInterval(Duration.ofHours(24)).build();
      SessionFilter filter = new SessionFilter(settings);
      return new Node(start(kind, new Deployment.Code(filter, TestServlets.all())), filter, clock);
    });
  }

  private static final FakeClock PAIR_CLOCK = new FakeClock();
  private static final SessionRepository PAIR_STORE = new MemoryRepository(1000);

  /** One of two nodes, Jetty and Tomcat, sharing one store and one clock. */
  private static Node pair(AppServer.Kind kind) {
    return NODES.get(kind + " pair", () -> {
      Settings settings = Settings.builder().clock(PAIR_CLOCK).store(PAIR_STORE).idleTimeout(Duration.ofMinutes(30))
          .touchInterval(Duration.ZERO).sweepInterval(Duration.ofHours(24)).listener(new Recorder("node-" + kind))
          .build();
      SessionFilter filter = new SessionFilter(settings);
      return new Node(start(kind, new Deployment.Code(filter, TestServlets.all())), filter, PAIR_CLOCK);
    });
  }

  /** A session used on Jetty, then on Tomcat, then idle for 30 minutes: expired, not yet noticed. */
  private static String expiredAfterUseOnBothNodes() {
    AppServer jetty = pair(AppServer.Kind.JETTY_EE10).server();
    String id = SetCookies.issuedId(jetty.http().queryParam("name", "n").queryParam("value", "1").get("/set"));
    pair(AppServer.Kind.TOMCAT).server().http(id).queryParam("name", "n").queryParam("value", "2").get("/set");
    assertThat(facts(jetty.http(id).get("/request"))).containsEntry("valid", "true");
    PAIR_CLOCK.advance(Duration.ofMinutes(30));
    return id;
  }

  private static List<String> destroyedOnPair(String id) {
    List<String> all = new ArrayList<>(Journal.of("node-" + AppServer.Kind.JETTY_EE10, aliases(id)));
    all.addAll(Journal.of("node-" + AppServer.Kind.TOMCAT, aliases(id)));
    return all.stream().filter(e -> e.startsWith("destroyed")).toList();
  }

  // ---- HTTP

  private static RequestSpecification http(AppServer app, String cookieName, String sessionId) {
    return app.http().header("Cookie", cookieName + "=" + sessionId);
  }

  /** The {@code key=value} lines of {@code /request}. */
  private static Map<String, String> facts(Response r) {
    assertThat(r.statusCode()).as("status of %s", r.asString()).isEqualTo(200);
    Map<String, String> facts = new LinkedHashMap<>();
    for (String line : r.asString().split("\n")) {
      int eq = line.indexOf('=');
      facts.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return facts;
  }

  /** The session id as {@code A} and its store key (the id of a detached event) as {@code key(A)}. */
  private static Map<String, String> aliases(String id) {
    return Map.of(id, "A", Internals.storeKey(id), "key(A)");
  }
}

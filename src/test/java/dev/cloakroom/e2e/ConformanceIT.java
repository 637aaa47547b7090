package dev.cloakroom.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.SessionFilters;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.annotated.listening.ListeningApp;
import dev.cloakroom.e2e.app.ConformanceServlets;
import dev.cloakroom.e2e.app.Journal;
import dev.cloakroom.e2e.app.Recorder;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
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
  private static final Pattern ISSUED = Pattern.compile("^([A-Za-z0-9_-]+)=([A-Za-z0-9_-]{43})(?=;|$)");

  /** The source of the listener given in code to the clocked apps. */
  private static final String CODE = "code";
  private static final String BEFORE_THROWER = "before-thrower";
  private static final String AFTER_THROWER = "after-thrower";

  private static final Map<String, AppServer> SERVERS = new ConcurrentHashMap<>();
  private static final Map<String, Node> NODES = new ConcurrentHashMap<>();

  /** A code-registered app whose filter and clock the test holds. */
  private record Node(AppServer server, SessionFilter filter, FakeClock clock) {}

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
        case ANNOTATION -> SERVERS.computeIfAbsent(kind + " listening", k -> start(kind,
            new Deployment.Annotated(ListeningApp.class)));
        case CODE -> clocked(kind).server();
      };
    }
  }

  /** Throws from every callback. */
  static final class Thrower implements HttpSessionListener {
    @Override
    public void sessionCreated(HttpSessionEvent se) {
      throw new IllegalStateException("listener bug (test)");
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
      throw new IllegalStateException("listener bug (test)");
    }
  }

  static Stream<Arguments> declarations() {
    return Arrays.stream(AppServer.Kind.values())
        .flatMap(kind -> Arrays.stream(Declared.values()).map(d -> Arguments.of(kind, d)));
  }

  @AfterAll
  static void stopServers() {
    SERVERS.values().forEach(AppServer::close);
    SERVERS.clear();
    NODES.values().stream().map(Node::server).distinct().forEach(AppServer::close);
    NODES.clear();
  }

  // ---- 1. listeners, declared four ways

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("declarations")
  void useSessionWhenListenerDeclaredThenCreatedAndAttributeEventsArrive(AppServer.Kind kind, Declared declared) {
    AppServer app = declared.server(kind);
    String id = issuedId(http(app).get("/create"), "SID");

    http(app, "SID", id).queryParam("name", "x").queryParam("value", "1").get("/set");
    http(app, "SID", id).queryParam("name", "x").queryParam("value", "2").get("/set");
    http(app, "SID", id).queryParam("name", "x").get("/remove");

    assertThat(Journal.of(declared.source, Map.of(id, "A")))
        .containsExactly("created A", "added A x=1", "replaced A x old=1", "removed A x=2");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("declarations")
  void changeSessionIdWhenListenerDeclaredThenIdChangedWithOldId(AppServer.Kind kind, Declared declared) {
    AppServer app = declared.server(kind);
    String before = issuedId(http(app).get("/create"), "SID");

    String after = issuedId(http(app, "SID", before).get("/rotate"), "SID");

    assertThat(after).isNotEqualTo(before);
    assertThat(Journal.of(declared.source, Map.of(before, "A", after, "B")))
        .containsExactly("created A", "idChanged B old=A");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("declarations")
  void invalidateWhenListenerDeclaredThenDestroyedWhileAttributesReadable(AppServer.Kind kind, Declared declared) {
    AppServer app = declared.server(kind);
    String id = issuedId(http(app).queryParam("name", "y").queryParam("value", "1").get("/set"), "SID");

    Response invalidate = http(app, "SID", id).get("/invalidate");

    assertThat(invalidate.asString()).isEqualTo("invalidated");
    assertThat(Journal.of(declared.source, Map.of(id, "A")))
        .containsExactly("created A", "added A y=1", "destroyed A", "removed A y=1");
    assertThat(facts(http(app, "SID", id).get("/request"))).containsEntry("session", "none");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void createAndInvalidateWhenListenerThrowsThenLoggedOthersRunAndInvalidationHolds(AppServer.Kind kind) {
    AppServer app = throwing(kind);
    List<String> lines;
    String id;
    try (LogCapture logs = new LogCapture()) {
      Response create = http(app).get("/create");
      id = issuedId(create, "SID");
      Response invalidate = http(app, "SID", id).get("/invalidate");

      assertThat(create.statusCode()).isEqualTo(200);
      assertThat(invalidate.statusCode()).isEqualTo(200);
      assertThat(invalidate.headers().getValues("Set-Cookie")).containsExactly(SetCookies.CLEARED);
      lines = logs.lines();
    }

    assertThat(Journal.of(BEFORE_THROWER, Map.of(id, "A"))).containsExactly("created A", "destroyed A");
    assertThat(Journal.of(AFTER_THROWER, Map.of(id, "A"))).containsExactly("created A", "destroyed A");
    String thrower = Thrower.class.getName();
    assertThat(lines).filteredOn(l -> l.contains("listener=" + thrower)).hasSize(2)
        .anySatisfy(l -> assertThat(l).startsWith("WARN dev.cloakroom.Listeners listener failed event=sessionCreated")
            .endsWith("| java.lang.IllegalStateException: listener bug (test)"))
        .anySatisfy(l -> assertThat(l).startsWith("WARN dev.cloakroom.Listeners listener failed event=sessionDestroyed")
            .endsWith("| java.lang.IllegalStateException: listener bug (test)"));
    assertThat(facts(http(app, "SID", id).get("/request"))).containsEntry("session", "none").containsEntry("valid", "false");
  }

  // ---- 2. expiry, noticed in time, destroyed exactly once

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void accessWhenIdleExpiredThenGoneAndDestroyedOnce(AppServer.Kind kind) {
    Node node = clocked(kind);
    String id = issuedId(http(node.server()).get("/create"), "SID");
    node.clock().advance(Duration.ofMinutes(30));

    Map<String, String> facts = facts(http(node.server(), "SID", id).get("/request"));
    SessionFilters.sweep(node.filter());

    assertThat(facts).containsEntry("session", "none").containsEntry("valid", "false");
    assertThat(Journal.of(CODE, aliases(id))).containsExactly("created A", "destroyed A");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void sweepWhenIdleExpiredThenDestroyedOnceWithStoreKeyAsId(AppServer.Kind kind) {
    Node node = clocked(kind);
    String id = issuedId(http(node.server()).get("/create"), "SID");
    node.clock().advance(Duration.ofMinutes(30));

    SessionFilters.sweep(node.filter());
    Map<String, String> facts = facts(http(node.server(), "SID", id).get("/request"));

    assertThat(Journal.of(CODE, aliases(id))).containsExactly("created A", "destroyed key(A)");
    assertThat(facts).containsEntry("session", "none");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void accessWhenAbsoluteExpiredThenGoneAndDestroyedOnce(AppServer.Kind kind) {
    Node node = clocked(kind);
    String id = keptBusyUntilAbsoluteExpiry(node);

    Map<String, String> facts = facts(http(node.server(), "SID", id).get("/request"));
    SessionFilters.sweep(node.filter());

    assertThat(facts).containsEntry("session", "none");
    assertThat(Journal.of(CODE, aliases(id))).containsExactly("created A", "destroyed A");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void sweepWhenAbsoluteExpiredThenDestroyedOnce(AppServer.Kind kind) {
    Node node = clocked(kind);
    String id = keptBusyUntilAbsoluteExpiry(node);

    SessionFilters.sweep(node.filter());
    Map<String, String> facts = facts(http(node.server(), "SID", id).get("/request"));

    assertThat(Journal.of(CODE, aliases(id))).containsExactly("created A", "destroyed key(A)");
    assertThat(facts).containsEntry("session", "none");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void revokeOthersWhenSignedInOnTwoDevicesThenOtherSessionDestroyed(AppServer.Kind kind) {
    Node node = clocked(kind);
    String user = "erin-" + kind;
    String here = issuedId(http(node.server()).queryParam("user", user).get("/signin"), "SID");
    String there = issuedId(http(node.server()).queryParam("user", user).get("/signin"), "SID");

    Response revoke = http(node.server(), "SID", here).get("/revoke-others");

    assertThat(revoke.asString()).isEqualTo("1");
    assertThat(Journal.of(CODE, aliases(there))).containsExactly("created A", "added A user=" + user, "destroyed key(A)",
        "removed key(A) user=" + user);
    assertThat(Journal.of(CODE, aliases(here))).containsExactly("created A", "added A user=" + user);
    assertThat(facts(http(node.server(), "SID", there).get("/request"))).containsEntry("session", "none");
  }

  @Test
  void sweepThenAccessOnBothNodesWhenSessionExpiredThenDestroyedOnceInTotal() {
    Node jetty = pair(AppServer.Kind.JETTY_EE10);
    Node tomcat = pair(AppServer.Kind.TOMCAT);
    String id = usedOnBothNodes(jetty, tomcat);
    jetty.clock().advance(Duration.ofMinutes(30));

    SessionFilters.sweep(jetty.filter());
    SessionFilters.sweep(tomcat.filter());
    http(jetty.server(), "SID", id).get("/request");
    http(tomcat.server(), "SID", id).get("/request");

    assertThat(destroyedOnPair(id)).containsExactly("destroyed key(A)");
  }

  @Test
  void accessThenSweepOnBothNodesWhenSessionExpiredThenDestroyedOnceInTotal() {
    Node jetty = pair(AppServer.Kind.JETTY_EE10);
    Node tomcat = pair(AppServer.Kind.TOMCAT);
    String id = usedOnBothNodes(jetty, tomcat);
    jetty.clock().advance(Duration.ofMinutes(30));

    Map<String, String> onTomcat = facts(http(tomcat.server(), "SID", id).get("/request"));
    Map<String, String> onJetty = facts(http(jetty.server(), "SID", id).get("/request"));
    SessionFilters.sweep(jetty.filter());
    SessionFilters.sweep(tomcat.filter());

    assertThat(onTomcat).containsEntry("session", "none");
    assertThat(onJetty).containsEntry("session", "none");
    assertThat(destroyedOnPair(id)).containsExactly("destroyed A");
  }

  // ---- 3. the app's session config

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void createWhenCookieConfigInWebXmlThenSetCookieFollowsItSecureEvenOverHttp(AppServer.Kind kind) {
    Response r = http(webapp(kind, "cookie-webxml")).get("/create");

    // issue 7, case 11: the app's name as given, no prefix added; Expires goes with Max-Age
    assertThat(normalized(r)).singleElement().asString()
        .matches("APPSID=<id>; Path=/; Max-Age=3600; Expires=" + IMF_FIXDATE + "; Secure; HttpOnly; SameSite=Strict");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void createWhenCookieConfigInCodeThenSetCookieFollowsIt(AppServer.Kind kind) {
    Response r = http(webapp(kind, "cookie-code")).get("/create");

    assertThat(normalized(r)).singleElement().asString()
        .matches("CODESID=<id>; Path=/; Max-Age=1800; Expires=" + IMF_FIXDATE + "; HttpOnly; SameSite=Strict");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void createWhenFilterParamsAndSessionConfigThenFilterParamsWin(AppServer.Kind kind) {
    AppServer app = webapp(kind, "cookie-precedence");
    Response r = http(app).get("/create");
    String id = issuedId(r, "__Host-FILTERSID");

    assertThat(normalized(r)).singleElement().asString()
        .matches("__Host-FILTERSID=<id>; Path=/; Max-Age=3600; Expires=" + IMF_FIXDATE + "; Secure; HttpOnly; SameSite=Lax");
    assertThat(facts(http(app, "__Host-FILTERSID", id).get("/request"))).containsEntry("maxInactiveInterval", "1200");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void startWhenSessionConfigWeakensSecurityThenWarnsNamingItAndCookieStaysHttpOnly(AppServer.Kind kind) {
    List<String> lines;
    try (LogCapture logs = new LogCapture();
        AppServer app = start(kind, new Deployment.WebXml(Door.WEBAPPS.resolve("cookie-weak")))) {
      lines = logs.lines();

      assertThat(normalized(http(app).get("/create"))).containsExactly("SID=<id>; Path=/; HttpOnly; SameSite=Lax");
    }
    assertThat(lines).filteredOn(l -> l.startsWith("WARN dev.cloakroom.AppSessionConfig")).containsExactlyInAnyOrder(
        "WARN dev.cloakroom.AppSessionConfig session-config refused setting=cookie-config/http-only=false reason=scripts"
            + " could read the session id; the cookie stays HttpOnly",
        "WARN dev.cloakroom.AppSessionConfig session-config refused setting=tracking-mode=URL reason=session ids in URLs"
            + " leak through logs, history and Referer; Cloakroom reads the cookie only");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("plainApps")
  void startWhenAppHasNoSessionConfigThenNoSessionConfigWarning(AppServer.Kind kind, String what) {
    List<String> lines;
    try (LogCapture logs = new LogCapture();
        AppServer app = start(kind, what.equals("web.xml") ? new Deployment.WebXml(Door.WEBAPPS.resolve("listeners"))
            : new Deployment.Code(new SessionFilter(Settings.builder().build()), ConformanceServlets.all()))) {
      lines = logs.lines();

      assertThat(normalized(http(app).get("/create"))).containsExactly("SID=<id>; Path=/; HttpOnly; SameSite=Lax");
    }
    assertThat(lines).filteredOn(l -> l.contains("session-config")).isEmpty();
  }

  static Stream<Arguments> plainApps() {
    return Arrays.stream(AppServer.Kind.values())
        .flatMap(kind -> Stream.of(Arguments.of(kind, "web.xml"), Arguments.of(kind, "code")));
  }

  // ---- 4. the request's session methods

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void getRequestedSessionIdWhenMalformedCookieThenReturnsWhatClientSent(AppServer.Kind kind) {
    Map<String, String> facts = facts(http(clocked(kind).server(), "SID", "not-a-session-id").get("/request"));

    assertThat(facts).containsEntry("requestedSessionId", "not-a-session-id").containsEntry("fromCookie", "true")
        .containsEntry("valid", "false").containsEntry("session", "none");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void isRequestedSessionIdFromCookieWhenOurCookieSentThenTrueAndValid(AppServer.Kind kind) {
    AppServer app = clocked(kind).server();
    String id = issuedId(http(app).get("/create"), "SID");

    Map<String, String> facts = facts(http(app, "SID", id).get("/request"));

    assertThat(facts).containsEntry("requestedSessionId", id).containsEntry("fromCookie", "true")
        .containsEntry("fromURL", "false").containsEntry("valid", "true");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void isRequestedSessionIdValidWhenInvalidatedInSameRequestThenTurnsFalse(AppServer.Kind kind) {
    AppServer app = clocked(kind).server();
    String id = issuedId(http(app).get("/create"), "SID");

    Response r = http(app, "SID", id).get("/invalidate-check");

    assertThat(r.asString()).isEqualTo("before=true after=false");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void isNewWhenCreatedThenTrueUntilClientSendsIdBack(AppServer.Kind kind) {
    AppServer app = clocked(kind).server();
    Response first = http(app).get("/create");
    String id = issuedId(first, "SID");

    Response second = http(app, "SID", id).get("/create");

    assertThat(first.asString()).isEqualTo("new");
    assertThat(second.asString()).isEqualTo("existing");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void getMaxInactiveIntervalWhenSessionTimeoutInWebXmlThenItsSeconds(AppServer.Kind kind) {
    AppServer app = webapp(kind, "cookie-webxml");
    String id = issuedId(http(app).get("/create"), "APPSID");

    assertThat(facts(http(app, "APPSID", id).get("/request"))).containsEntry("maxInactiveInterval", "600");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void getMaxInactiveIntervalWhenSessionTimeoutSetInCodeThenItsSeconds(AppServer.Kind kind) {
    AppServer app = webapp(kind, "cookie-code");
    String id = issuedId(http(app).get("/create"), "CODESID");

    assertThat(facts(http(app, "CODESID", id).get("/request"))).containsEntry("maxInactiveInterval", "900");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void getMaxInactiveIntervalWhenChangedPerSessionThenNextRequestSeesIt(AppServer.Kind kind) {
    AppServer app = webapp(kind, "cookie-webxml");
    String id = issuedId(http(app).get("/create"), "APPSID");

    http(app, "APPSID", id).queryParam("seconds", "1234").get("/timeout");

    assertThat(facts(http(app, "APPSID", id).get("/request"))).containsEntry("maxInactiveInterval", "1234");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void getLastAccessedTimeWhenTouchIntervalZeroThenPreviousRequestStart(AppServer.Kind kind) {
    Node node = clocked(kind);
    Instant created = node.clock().instant();
    String id = issuedId(http(node.server()).get("/create"), "SID");
    node.clock().advance(Duration.ofMinutes(5));
    Instant second = node.clock().instant();

    Map<String, String> atSecond = facts(http(node.server(), "SID", id).get("/request"));
    node.clock().advance(Duration.ofMinutes(7));
    Map<String, String> atThird = facts(http(node.server(), "SID", id).get("/request"));

    assertThat(atSecond).containsEntry("lastAccessedTime", String.valueOf(created.toEpochMilli()))
        .containsEntry("creationTime", String.valueOf(created.toEpochMilli()));
    assertThat(atThird).containsEntry("lastAccessedTime", String.valueOf(second.toEpochMilli()));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void getLastAccessedTimeWhenDefaultTouchIntervalThenLagsPreviousRequestByAtMostIt(AppServer.Kind kind) {
    Node node = lagging(kind);
    String id = issuedId(http(node.server()).get("/create"), "SID");
    Instant previous = node.clock().instant();
    List<Long> lags = new ArrayList<>();
    for (int seconds : new int[] {30, 20, 40, 10, 70}) {
      node.clock().advance(Duration.ofSeconds(seconds));
      long lastAccessed = Long.parseLong(facts(http(node.server(), "SID", id).get("/request")).get("lastAccessedTime"));
      lags.add(previous.toEpochMilli() - lastAccessed);
      previous = node.clock().instant();
    }

    // requests at 0s, 30s, 50s, 90s, 100s, 170s; touches at 0s, 90s (first at least 1m after the last)
    assertThat(lags).containsExactly(0L, 30_000L, 50_000L, 0L, 10_000L);
    assertThat(lags).allSatisfy(lag -> assertThat(lag).isBetween(0L, Duration.ofMinutes(1).toMillis()));
  }

  // ---- apps

  private static AppServer start(AppServer.Kind kind, Deployment deployment) {
    try {
      AppServer server = kind.start(deployment);
      assertThat(server.appAvailable()).as("%s %s started", kind, deployment).isTrue();
      return server;
    } catch (Exception e) {
      throw new IllegalStateException(kind + " " + deployment + " did not start", e);
    }
  }

  /** The webapp directory {@code src/test/webapps/<dir>} on {@code kind}. */
  private static AppServer webapp(AppServer.Kind kind, String dir) {
    return SERVERS.computeIfAbsent(kind + " " + dir, k -> start(kind, new Deployment.WebXml(Door.WEBAPPS.resolve(dir))));
  }

  /** Code door with a fake clock: idle 30m, absolute 2h, touch on every request, the code listener. */
  private static Node clocked(AppServer.Kind kind) {
    return NODES.computeIfAbsent(kind + " clocked", k -> {
      FakeClock clock = new FakeClock();
      Settings settings = Settings.builder().clock(clock).idleTimeout(Duration.ofMinutes(30))
          .absoluteTimeout(Duration.ofHours(2)).touchInterval(Duration.ZERO).sweepInterval(Duration.ofHours(24))
          .principalAttribute(TestServlets.USER).listener(new Recorder(CODE)).build();
      SessionFilter filter = new SessionFilter(settings);
      return new Node(start(kind, new Deployment.Code(filter, ConformanceServlets.all())), filter, clock);
    });
  }

  /** Code door with a fake clock and the default touch interval (1m). */
  private static Node lagging(AppServer.Kind kind) {
    return NODES.computeIfAbsent(kind + " lagging", k -> {
      FakeClock clock = new FakeClock();
      Settings settings = Settings.builder().clock(clock).idleTimeout(Duration.ofMinutes(30))
          .sweepInterval(Duration.ofHours(24)).build();
      SessionFilter filter = new SessionFilter(settings);
      return new Node(start(kind, new Deployment.Code(filter, ConformanceServlets.all())), filter, clock);
    });
  }

  /** Code door with a throwing listener between two recording ones. */
  private static AppServer throwing(AppServer.Kind kind) {
    return SERVERS.computeIfAbsent(kind + " throwing", k -> start(kind, new Deployment.Code(
        new SessionFilter(Settings.builder().listener(new Recorder(BEFORE_THROWER)).listener(new Thrower())
            .listener(new Recorder(AFTER_THROWER)).build()),
        ConformanceServlets.all())));
  }

  private static final FakeClock PAIR_CLOCK = new FakeClock();
  private static final SessionRepository PAIR_STORE = new MemoryRepository(1000);

  /** One of two nodes, Jetty and Tomcat, sharing one store and one clock. */
  private static Node pair(AppServer.Kind kind) {
    return NODES.computeIfAbsent(kind + " pair", k -> {
      Settings settings = Settings.builder().clock(PAIR_CLOCK).store(PAIR_STORE).idleTimeout(Duration.ofMinutes(30))
          .touchInterval(Duration.ZERO).sweepInterval(Duration.ofHours(24)).listener(new Recorder("node-" + kind))
          .build();
      SessionFilter filter = new SessionFilter(settings);
      return new Node(start(kind, new Deployment.Code(filter, ConformanceServlets.all())), filter, PAIR_CLOCK);
    });
  }

  private static String usedOnBothNodes(Node jetty, Node tomcat) {
    String id = issuedId(http(jetty.server()).queryParam("name", "n").queryParam("value", "1").get("/set"), "SID");
    http(tomcat.server(), "SID", id).queryParam("name", "n").queryParam("value", "2").get("/set");
    assertThat(facts(http(jetty.server(), "SID", id).get("/request"))).containsEntry("valid", "true");
    return id;
  }

  private static List<String> destroyedOnPair(String id) {
    List<String> all = new ArrayList<>(Journal.of("node-" + AppServer.Kind.JETTY_EE10, aliases(id)));
    all.addAll(Journal.of("node-" + AppServer.Kind.TOMCAT, aliases(id)));
    return all.stream().filter(e -> e.startsWith("destroyed")).toList();
  }

  /** Created at t, used every 20 minutes (idle 30m), then 21 minutes idle past the 2h absolute limit. */
  private static String keptBusyUntilAbsoluteExpiry(Node node) {
    String id = issuedId(http(node.server()).get("/create"), "SID");
    for (int i = 0; i < 5; i++) {
      node.clock().advance(Duration.ofMinutes(20));
      assertThat(facts(http(node.server(), "SID", id).get("/request"))).containsEntry("valid", "true");
    }
    node.clock().advance(Duration.ofMinutes(21));
    return id;
  }

  // ---- HTTP

  private static RequestSpecification http(AppServer app) {
    return given().baseUri(app.baseUrl()).redirects().follow(false);
  }

  private static RequestSpecification http(AppServer app, String cookieName, String sessionId) {
    return http(app).header("Cookie", cookieName + "=" + sessionId);
  }

  /** The id the response's single Set-Cookie issues under {@code name}. */
  private static String issuedId(Response r, String name) {
    List<String> headers = r.headers().getValues("Set-Cookie");
    assertThat(headers).as("Set-Cookie").hasSize(1);
    Matcher m = ISSUED.matcher(headers.get(0));
    assertThat(m.find()).as("an issued cookie: %s", headers.get(0)).isTrue();
    assertThat(m.group(1)).isEqualTo(name);
    return m.group(2);
  }

  /** Every Set-Cookie, the id replaced by {@code <id>}. */
  private static List<String> normalized(Response r) {
    return r.headers().getValues("Set-Cookie").stream().map(h -> ISSUED.matcher(h).replaceFirst("$1=<id>")).toList();
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

package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SessionStatus}: the read-only snapshot of a request's session, and why the session a request
 * named had ended. Idle timeout 30m, absolute 8h, touch interval 1m (the defaults); {@code /poll/*} is
 * passive.
 */
class SessionStatusTest {

  private static final Duration IDLE = Duration.ofMinutes(30);

  private final FakeClock clock = new FakeClock();
  private final MemoryRepository memory = new MemoryRepository(100);
  private CountingRepository counting;
  private final Instant start = clock.instant();
  private SessionFilter filter;
  private AppServer app;

  @AfterEach
  void stop() {
    try (AppServer stopped = app) {
      // closes the app this test started, if it started one
    }
  }

  private static void status(HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) throws Exception {
    res.getWriter().print(SessionStatus.of(req).map(s -> String.join("\n",
        "createdAt=" + s.createdAt(), "lastAccessedAt=" + s.lastAccessedAt(), "idleExpiresAt=" + s.idleExpiresAt(),
        "absoluteExpiresAt=" + s.absoluteExpiresAt(), "idChangedAt=" + s.idChangedAt(),
        "authenticated=" + s.authenticated(), "store=" + s.store(), "cookie=" + s.cookie(), "toString=" + s))
        .orElse("none"));
  }

  private void start(Settings.Builder builder, SessionRepository store) throws Exception {
    filter = new SessionFilter(builder.store(store).clock(clock).principalAttribute("user")
        .passivePaths(List.of("/poll/*")).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/create", (req, res) -> req.getSession(),
        "/login", (req, res) -> req.getSession().setAttribute("user", "alice"),
        "/rotate", (req, res) -> res.getWriter().print(req.changeSessionId()),
        "/remember", (req, res) -> req.getSession().setAttribute(SessionFilter.REMEMBER_ME, Boolean.TRUE),
        "/idle-off", (req, res) -> req.getSession().setMaxInactiveInterval(0),
        "/status", SessionStatusTest::status,
        "/poll/status", SessionStatusTest::status,
        "/ended", (req, res) -> res.getWriter().print(SessionStatus.previousEnd(req).map(Enum::name).orElse("none")),
        "/poll/ended", (req, res) -> res.getWriter()
            .print(SessionStatus.previousEnd(req).map(Enum::name).orElse("none")))));
  }

  private void start(Settings.Builder builder) throws Exception {
    start(builder, memory);
  }

  private void start() throws Exception {
    start(Settings.builder());
  }

  private String create() {
    return SetCookies.issuedId(app.http().get("/create"));
  }

  /** The new id of a session made at {@link #start} whose id {@code path} changes three minutes later. */
  private String idChangedThreeMinutesIn(String path) {
    String id = create();
    clock.advance(Duration.ofMinutes(3));
    return SetCookies.issuedId(app.http(id).get(path));
  }

  /** A session whose idle timeout passed a second ago, in an app on the defaults. */
  private String idleExpired() throws Exception {
    start();
    String id = create();
    clock.advance(IDLE.plusSeconds(1));
    return id;
  }

  /** The status lines of the session {@code id} as {@code path} reports them. */
  private String line(String path, String id, String field) {
    return app.http(id).get(path).asString().lines().filter(l -> l.startsWith(field + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + field + " in the answer"));
  }

  // ---- of

  @Test
  void ofWhenNoSessionThenEmptyAndNoneCreated() throws Exception {
    counting = new CountingRepository(memory);
    start(Settings.builder(), counting);

    Response r = app.http().get("/status");

    assertThat(r.asString()).isEqualTo("none");
    assertThat(r.getHeader("Set-Cookie")).isNull();
    assertThat(counting.calls("create")).isZero();
  }

  @Test
  void ofWhenRequestDidNotPassThroughTheFilterThenIllegalState() {
    HttpServletRequest bare = (HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(
        HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> null);

    assertThatThrownBy(() -> SessionStatus.of(bare)).isInstanceOf(IllegalStateException.class)
        .hasMessage("SessionStatus.of: the request did not pass through the SessionFilter");
    assertThatThrownBy(() -> SessionStatus.previousEnd(bare)).isInstanceOf(IllegalStateException.class)
        .hasMessage("SessionStatus.previousEnd: the request did not pass through the SessionFilter");
  }

  @Test
  void ofWhenFreshSessionThenCreationTimesAndNotAuthenticated() throws Exception {
    start();
    String id = create();
    clock.advance(Duration.ofSeconds(20));

    String body = app.http(id).get("/status").asString();

    assertThat(body).contains("createdAt=" + start, "lastAccessedAt=" + start, "idChangedAt=" + start,
        "absoluteExpiresAt=" + start.plus(Duration.ofHours(8)), "authenticated=false", "store=memory");
  }

  @ParameterizedTest(name = "{0}: idle expiry from {3}")
  @CsvSource(delimiter = '|', textBlock = """
      inside the touch interval | /status      | PT20S | the recorded access
      touch due                 | /status      | PT5M  | this request
      passive request           | /poll/status | PT5M  | the recorded access""")
  void ofThenIdleExpiryFromTheAccessThatCounts(String when, String path, Duration after, String from)
      throws Exception {
    start();
    String id = create();
    clock.advance(after);

    Instant access = from.equals("this request") ? clock.instant() : start;
    assertThat(line(path, id, "idleExpiresAt")).isEqualTo("idleExpiresAt=" + access.plus(IDLE));
  }

  @Test
  void ofWhenNoIdleTimeoutThenIdleExpiryNull() throws Exception {
    start();
    String id = create();
    app.http(id).get("/idle-off");

    assertThat(line("/status", id, "idleExpiresAt")).isEqualTo("idleExpiresAt=null");
  }

  @Test
  void ofWhenPassiveRequestThenNothingWrittenAndNoCookie() throws Exception {
    counting = new CountingRepository(memory);
    start(Settings.builder(), counting);
    String id = create();
    clock.advance(Duration.ofMinutes(5));
    counting.reset();

    Response r = app.http(id).get("/poll/status");

    assertThat(r.asString()).contains("authenticated=false");
    assertThat(r.getHeader("Set-Cookie")).isNull();
    assertThat(counting.calls("save") + counting.calls("create") + counting.calls("delete")
        + counting.calls("changeKey")).isZero();
    assertThat(memory.load(SessionIds.storeKey(id)).orElseThrow().lastAccessedAt()).isEqualTo(start);
  }

  @Test
  void ofWhenIdChangedThenItsTime() throws Exception {
    start();
    String rotated = idChangedThreeMinutesIn("/rotate");
    clock.advance(Duration.ofMinutes(1));

    assertThat(line("/status", rotated, "idChangedAt")).isEqualTo("idChangedAt=" + start.plus(Duration.ofMinutes(3)));
  }

  @Test
  void ofWhenSignedInThenAuthenticatedAndAbsoluteExpiryFromTheSignIn() throws Exception {
    start();
    String signedIn = idChangedThreeMinutesIn("/login");

    String body = app.http(signedIn).get("/status").asString();

    assertThat(body).contains("authenticated=true",
        "absoluteExpiresAt=" + start.plus(Duration.ofMinutes(3)).plus(Duration.ofHours(8)));
  }

  @Test
  void ofWhenDefaultsOverHttpThenBrowserSessionCookieDescribed() throws Exception {
    start();
    String id = create();

    assertThat(line("/status", id, "cookie")).isEqualTo(
        "cookie=Cookie[name=SID, path=/, domain=null, secure=false, httpOnly=true, sameSite=Lax, maxAge=null,"
            + " partitioned=false]");
  }

  @Test
  void ofWhenRememberMeThenMaxAgeUntilTheAbsoluteExpiry() throws Exception {
    start();
    String id = create();
    app.http(id).get("/remember");
    clock.advance(Duration.ofMinutes(20));

    assertThat(line("/status", id, "cookie")).contains("maxAge=PT7H40M,");
  }

  @Test
  void ofWhenCookieConfiguredThenConfiguredAttributesDescribed() throws Exception {
    start(Settings.builder().cookieSecure(Settings.CookieSecure.ALWAYS).cookieDomain("example.com")
        .cookieSameSite(Settings.SameSite.STRICT).cookieMaxAge(Duration.ofHours(2)));
    String id = SetCookies.issuedId(app.http().get("/create"), "__Secure-SID");

    String body = app.http().header("Cookie", "__Secure-SID=" + id).get("/status").asString();

    assertThat(body).contains("cookie=Cookie[name=__Secure-SID, path=/, domain=example.com, secure=true,"
        + " httpOnly=true, sameSite=Strict, maxAge=PT2H, partitioned=false]");
  }

  @Test
  void ofThenNoSessionIdAnywhereInTheStatus() throws Exception {
    start();
    String id = create();

    assertThat(app.http(id).get("/status").asString()).doesNotContain(id).doesNotContain(SessionIds.storeKey(id));
  }

  // ---- previousEnd

  @Test
  void previousEndWhenIdleTimeoutPassedThenIdle() throws Exception {
    String id = idleExpired();

    assertThat(app.http(id).get("/ended").asString()).isEqualTo("IDLE");
  }

  @Test
  void previousEndWhenAbsoluteTimeoutPassedThenAbsolute() throws Exception {
    start(Settings.builder().idleTimeout(Duration.ofHours(2)).absoluteTimeout(Duration.ofHours(3)));
    String id = create();
    clock.advance(Duration.ofMinutes(90));
    app.http(id).get("/create"); // a touch: the idle deadline moves past the absolute one
    clock.advance(Duration.ofMinutes(90));

    assertThat(app.http(id).get("/ended").asString()).isEqualTo("ABSOLUTE");
  }

  @Test
  void previousEndWhenPassiveRequestFindsItExpiredThenIdleAndSessionLeftForOthers() throws Exception {
    String id = idleExpired();

    assertThat(app.http(id).get("/poll/ended").asString()).isEqualTo("IDLE");
    assertThat(memory.load(SessionIds.storeKey(id))).isPresent();
  }

  @Test
  void previousEndWhenSessionAliveThenEmpty() throws Exception {
    start();
    String id = create();

    assertThat(app.http(id).get("/ended").asString()).isEqualTo("none");
  }

  static Stream<Arguments> cookiesOfNoSession() {
    return Stream.of(
        argumentSet("no cookie", (Object) null),
        argumentSet("an unknown id", SessionIds.generate(new SecureRandom())),
        argumentSet("a malformed cookie", "not-an-id"));
  }

  @ParameterizedTest
  @MethodSource("cookiesOfNoSession")
  void previousEndWhenTheCookieNamesNoSessionThenEmpty(String cookie) throws Exception {
    start();

    assertThat(app.http(cookie).get("/ended").asString()).isEqualTo("none");
  }

  @Test
  void previousEndWhenAlreadySweptThenEmpty() throws Exception {
    String id = idleExpired();
    SessionFilters.sweep(filter);

    assertThat(app.http(id).get("/ended").asString()).isEqualTo("none");
  }

  @Test
  void previousEndWhenAnEarlierRequestFoundItExpiredThenEmpty() throws Exception {
    String id = idleExpired();
    app.http(id).get("/ended");

    assertThat(app.http(id).get("/ended").asString()).as("the first request deleted it").isEqualTo("none");
  }
}

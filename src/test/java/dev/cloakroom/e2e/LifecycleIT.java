package dev.cloakroom.e2e;

import static dev.cloakroom.e2e.Servlets.servlet;
import static dev.cloakroom.e2e.Servlets.text;
import static dev.cloakroom.e2e.SetCookies.CLEARED;
import static dev.cloakroom.e2e.SetCookies.ISSUED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The session's life over real HTTP: Jetty 12 with the filter registered in code, a {@link FakeClock}
 * for expiry and a {@link CountingRepository} for store round trips. Defaults apply except
 * {@code principalAttribute=user}: idle 30m, absolute 8h, touch 1m.
 */
class LifecycleIT {

  private static final FakeClock CLOCK = new FakeClock();
  private static final CountingRepository STORE = new CountingRepository(new MemoryRepository(10_000));
  private static volatile CountDownLatch flushRelease = new CountDownLatch(0);
  @AutoClose
  private static AppServer server;

  @BeforeAll
  static void start() throws Exception {
    Settings settings = Settings.builder()
        .clock(CLOCK)
        .store(STORE)
        .principalAttribute(TestServlets.USER)
        .sweepInterval(Duration.ofHours(24)) // no sweeper calls in the counts
        .build();
    Map<String, HttpServlet> servlets = new LinkedHashMap<>(TestServlets.all());
    servlets.put("/plain", servlet((req, res) -> text(res, "ok")));
    servlets.put("/commit/redirect", servlet((req, res) -> {
      req.getSession().setAttribute("mark", "redirect");
      res.sendRedirect("/read?name=mark");
    }));
    servlets.put("/commit/error", servlet((req, res) -> {
      req.getSession().setAttribute("mark", "error");
      res.sendError(HttpServletResponse.SC_FORBIDDEN);
    }));
    servlets.put("/commit/flush", servlet((req, res) -> {
      req.getSession().setAttribute("mark", "flush");
      res.setContentType("text/plain;charset=UTF-8");
      res.getWriter().print("partial;");
      res.flushBuffer();
      boolean released = flushRelease.await(10, TimeUnit.SECONDS);
      res.getWriter().print(released ? "done" : "timeout");
    }));
    servlets.put("/dispatch/forward", servlet((req, res) ->
        req.getRequestDispatcher("/read?name=mark").forward(req, res)));
    servlets.put("/dispatch/include", servlet((req, res) -> {
      res.setContentType("text/plain;charset=UTF-8");
      res.getWriter().print("include:");
      req.getRequestDispatcher("/read?name=mark").include(req, res);
    }));
    servlets.put("/dispatch/include-set", servlet((req, res) -> {
      res.setContentType("text/plain;charset=UTF-8");
      res.getWriter().print("include:");
      req.getRequestDispatcher("/set?name=mark&value=included-new").include(req, res);
    }));
    servlets.put("/dispatch/include-set-flush", servlet((req, res) -> {
      res.setContentType("text/plain;charset=UTF-8");
      res.getWriter().print("include:");
      req.getRequestDispatcher("/set-flush").include(req, res);
    }));
    servlets.put("/set-flush", servlet((req, res) -> {
      req.getSession().setAttribute("mark", "included-flushed");
      res.getWriter().print("set");
      res.flushBuffer();
    }));
    servlets.put("/commit/big", servlet((req, res) -> {
      req.getSession().setAttribute("mark", "big");
      res.setContentType("text/plain;charset=UTF-8");
      res.getWriter().print("x".repeat(4 * res.getBufferSize()));
    }));
    servlets.put("/commit/length", servlet((req, res) -> {
      req.getSession().setAttribute("mark", "length");
      res.setContentType("text/plain;charset=UTF-8");
      res.setContentLength(6);
      res.getOutputStream().write("length".getBytes(StandardCharsets.US_ASCII));
    }));
    servlets.put("/renew", servlet((req, res) -> {
      req.getSession().invalidate();
      req.getSession().setAttribute("mark", "renewed");
      text(res, "renewed");
    }));
    servlets.put("/dispatch/error", servlet((req, res) -> res.sendError(HttpServletResponse.SC_CONFLICT)));
    servlets.put("/error-page", servlet((req, res) ->
        text(res, "error-page:" + req.getSession(false).getAttribute("mark"))));
    servlets.put("/async/complete", servlet((req, res) -> {
      AsyncContext async = req.startAsync();
      async.start(() -> {
        try {
          HttpServletRequest r = (HttpServletRequest) async.getRequest();
          r.getSession().setAttribute("mark", "async");
          async.getResponse().setContentType("text/plain;charset=UTF-8");
          async.getResponse().getWriter().print("async");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        } finally {
          async.complete();
        }
      });
    }));
    servlets.put("/async/dispatch", servlet((req, res) -> req.startAsync().dispatch("/read?name=mark")));
    server = AppServer.Kind.JETTY_EE10.start(new Deployment.Code(new SessionFilter(settings), Map.of(), servlets,
        Map.of(HttpServletResponse.SC_CONFLICT, "/error-page")));
  }

  // ---- id rotation, forged ids, logout

  @Test
  void loginWhenAnonymousSessionThenIdRotatesAndPreLoginIdIsDead() {
    String before = newSession();

    Response login = server.http(before).formParam("user", "carol").post("/login");

    String after = SetCookies.issuedId(login);
    assertThat(SetCookies.normalized(login)).containsExactly(ISSUED);
    assertThat(after).isNotEqualTo(before);
    assertThat(STORE.load(Internals.storeKey(before))).isEmpty();
    assertThat(STORE.load(Internals.storeKey(after))).isPresent();
    assertThat(server.http(before).get("/whoami").asString()).isEqualTo("anonymous");
    assertThat(server.http(after).get("/whoami").asString()).isEqualTo("carol");
  }

  @Test
  void requestWhenForgedWellFormedIdThenNewIdIssuedNotTheForgedOne() {
    String forged = Internals.newId(new SecureRandom());

    Response r = server.http(forged).get("/counter");

    assertFreshSessionInPlaceOf(forged, r);
  }

  @Test
  void logoutWhenSignedInThenStoreRecordGoneAndCookieCleared() {
    String id = SetCookies.issuedId(server.http(newSession()).formParam("user", "dave").post("/login"));

    Response logout = server.http(id).post("/logout");

    assertThat(logout.headers().getValues("Set-Cookie")).containsExactly(CLEARED);
    assertThat(STORE.load(Internals.storeKey(id))).isEmpty();
    assertThat(server.http(id).get("/whoami").asString()).isEqualTo("anonymous");
  }

  // ---- commit before the response commits

  /**
   * Each way a response commits in a request that made a new session and set {@code mark}: the response
   * answers {@code status} (and {@code body} when given) and carries the cookie; the next request sees the
   * mark.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      sendRedirect                                   | /commit/redirect            | 302 | -           | redirect
      sendError                                      | /commit/error               | 403 | -           | error
      a write past the buffer                        | /commit/big                 | 200 | -           | big
      a write that completes Content-Length          | /commit/length              | 200 | length      | length
      an include that makes the session              | /dispatch/include-set       | 200 | include:set | included-new
      an include that makes the session and flushes  | /dispatch/include-set-flush | 200 | include:set | included-flushed
      a write on an async thread, then complete      | /async/complete             | 200 | async       | async
      """)
  void commitWhenAttributeSetOnNewSessionThenResponseCarriesCookieAndNextRequestSeesIt(String how, String path,
      int status, String body, String mark) {
    Response r = server.http().get(path);

    assertThat(r.statusCode()).isEqualTo(status);
    if (body != null) {
      assertThat(r.asString()).isEqualTo(body);
    }
    assertThat(SetCookies.normalized(r)).containsExactly(ISSUED);
    assertThat(server.http(SetCookies.issuedId(r)).get("/read?name=mark").asString()).isEqualTo(mark);
  }

  @Test
  void flushWhenAttributeSetBeforeThenCookieArrivesAndNextRequestSeesItWhileFirstStillRuns() throws Exception {
    flushRelease = new CountDownLatch(1);
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<InputStream> first = client.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/commit/flush")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try {
      assertThat(SetCookies.normalized(first)).containsExactly(ISSUED);
      String id = SetCookies.issuedId(first);

      assertThat(server.http(id).get("/read?name=mark").asString()).as("seen while the first request runs")
          .isEqualTo("flush");
    } finally {
      flushRelease.countDown();
    }
    try (InputStream body = first.body()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("partial;done");
    }
  }

  // ---- every dispatch of a request sees its one session

  /** Each dispatch of a request with a session, to a servlet that prints {@code mark}: the same session. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      forward                     | /dispatch/forward | 200 | seen
      include                     | /dispatch/include | 200 | include:seen
      async dispatch              | /async/dispatch   | 200 | seen
      sendError to an error page  | /dispatch/error   | 409 | error-page:seen
      """)
  void dispatchWhenSessionExistsThenDispatchedServletSeesSameSession(String dispatch, String path, int status,
      String body) {
    String id = sessionWithMark("seen");

    Response r = server.http(id).get(path);

    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.asString()).isEqualTo(body);
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
  }

  @Test
  void changeSessionIdWhenSessionExistsThenNewCookieAndOldIdDead() {
    String before = sessionWithMark("rotated");

    Response r = server.http(before).get("/rotate");

    String after = SetCookies.issuedId(r);
    assertThat(SetCookies.normalized(r)).containsExactly(ISSUED);
    assertThat(after).isNotEqualTo(before);
    assertThat(server.http(after).get("/read?name=mark").asString()).isEqualTo("rotated");
    assertThat(server.http(before).get("/read?name=mark").asString()).isEqualTo("none");
  }

  @Test
  void invalidateWhenNewSessionMadeInSameRequestThenOneCookieWithNewId() {
    String before = newSession();

    Response r = server.http(before).get("/renew");

    assertThat(SetCookies.normalized(r)).containsExactly(ISSUED);
    String after = SetCookies.issuedId(r);
    assertThat(after).isNotEqualTo(before);
    assertThat(server.http(after).get("/read?name=mark").asString()).isEqualTo("renewed");
    assertThat(STORE.load(Internals.storeKey(before))).isEmpty();
  }

  // ---- expiry, on the fake clock

  @Test
  void requestWhenIdleLongerThanIdleTimeoutThenSessionExpiredAndNewIdIssued() {
    String id = newSession();
    CLOCK.advance(Duration.ofMinutes(31));

    Response r = server.http(id).get("/counter");

    assertFreshSessionInPlaceOf(id, r);
  }

  @Test
  void requestsWhenEachWithinIdleTimeoutThenSessionSlidesPastIt() {
    String id = newSession();
    for (int i = 2; i <= 4; i++) {
      CLOCK.advance(Duration.ofMinutes(20));
      Response r = server.http(id).get("/counter");
      assertThat(r.asString()).isEqualTo(String.valueOf(i));
      assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    }
  }

  @Test
  void requestWhenPastAbsoluteTimeoutThenSessionExpiredDespiteActivity() {
    String id = newSession(); // count 1 at 0m
    for (int i = 2; i <= 20; i++) { // every 25m up to 7h55m: alive
      CLOCK.advance(Duration.ofMinutes(25));
      assertThat(server.http(id).get("/counter").asString()).isEqualTo(String.valueOf(i));
    }
    CLOCK.advance(Duration.ofMinutes(25)); // 8h20m since creation, 25m idle

    Response r = server.http(id).get("/counter");

    assertFreshSessionInPlaceOf(id, r);
  }

  // ---- store round trips

  @Test
  void requestWhenSessionNeverTouchedThenNoStoreCalls() {
    String id = newSession();
    STORE.reset();

    Response r = server.http(id).get("/plain");

    assertThat(r.asString()).isEqualTo("ok");
    assertThat(STORE.total()).isZero();
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
  }

  @Test
  void readWhenInsideTouchIntervalThenOneLoadAndNoWrite() {
    String id = sessionWithMark("x");
    STORE.reset();

    Response r = server.http(id).get("/read?name=mark");

    assertThat(r.asString()).isEqualTo("x");
    assertThat(STORE.calls("load")).isEqualTo(1);
    assertThat(STORE.total()).isEqualTo(1);
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
  }

  @Test
  void readWhenTouchIntervalPassedThenOneLoadAndOneSave() {
    String id = sessionWithMark("y");
    CLOCK.advance(Duration.ofMinutes(2));
    STORE.reset();

    Response r = server.http(id).get("/read?name=mark");

    assertThat(r.asString()).isEqualTo("y");
    assertThat(STORE.calls("load")).isEqualTo(1);
    assertThat(STORE.calls("save")).isEqualTo(1);
    assertThat(STORE.total()).isEqualTo(2);
    assertThat(STORE.load(Internals.storeKey(id)).orElseThrow().lastAccessedAt()).isEqualTo(CLOCK.instant());
  }

  // ---- Cookie header edge cases: never a 5xx

  static Stream<Arguments> cookieHeadersWithTheSessionCookieLast() {
    String others = IntStream.range(0, 99).mapToObj(i -> "c" + i + "=v" + i).collect(Collectors.joining("; "));
    return Stream.of(
        argumentSet("after a neighbour holding a lone quote", "a=\"; SID="),
        argumentSet("after a garbage session cookie", "SID=garbage; SID="),
        argumentSet("after 99 other cookies", others + "; SID="));
  }

  @ParameterizedTest
  @MethodSource("cookieHeadersWithTheSessionCookieLast")
  void requestWhenSessionCookieAmongOthersThenSessionKept(String cookiesBeforeTheId) {
    String id = newSession();

    Response r = server.http().header("Cookie", cookiesBeforeTheId + id).get("/counter");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("2");
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
  }

  @Test
  void requestWhenNonAsciiNeighbourCookieThenSessionKept() throws IOException {
    String id = newSession();

    String response = raw("GET /counter HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: n=\u00e9t\u00e9\u20ac; SID=" + id
        + "\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n2").doesNotContain("Set-Cookie");
  }

  @Test
  void requestWhenNonAsciiSessionCookieThenFreshSessionAndNo5xx() throws IOException {
    String response = raw("GET /counter HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: SID=\u00e9\u00e9\u20ac"
        + "\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n1")
        .containsPattern("\r\nSet-Cookie: SID=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax\r\n");
  }

  // ---- helpers

  /** A new session whose counter is 1. */
  private static String newSession() {
    Response r = server.http().get("/counter");
    assertThat(r.asString()).isEqualTo("1");
    return SetCookies.issuedId(r);
  }

  /** {@code r} counts 1 in a fresh session under a new id, and the store holds nothing under {@code deadId}. */
  private static void assertFreshSessionInPlaceOf(String deadId, Response r) {
    assertThat(r.asString()).isEqualTo("1");
    assertThat(SetCookies.normalized(r)).containsExactly(ISSUED);
    assertThat(SetCookies.issuedId(r)).isNotEqualTo(deadId);
    assertThat(STORE.load(Internals.storeKey(deadId))).isEmpty();
  }

  private static String sessionWithMark(String mark) {
    return SetCookies.issuedId(server.http().get("/set?name=mark&value=" + mark));
  }

  /** Sends {@code request} as UTF-8 bytes and returns the whole response, read as UTF-8. */
  private static String raw(String request) throws IOException {
    URI uri = URI.create(server.baseUrl());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(response);
      return response.toString(StandardCharsets.UTF_8);
    }
  }

}

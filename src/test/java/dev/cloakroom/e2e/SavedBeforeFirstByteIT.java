package dev.cloakroom.e2e;

import static dev.cloakroom.e2e.Servlets.servlet;
import static dev.cloakroom.e2e.SetCookies.ISSUED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Named.named;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.CountingRepository;
import io.restassured.response.Response;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7, case 2: the session is saved, and its cookie set, before the first byte of the body leaves,
 * on every path that can commit the response, on every container of the matrix. Each test signs in (the
 * principal attribute is set on an anonymous session, so the id rotates and the old one dies at once),
 * then takes one path that commits the response; the response must carry exactly the new cookie, and
 * the next request with it must be signed in. A lost cookie would leave the client with the dead id:
 * signed out right after signing in.
 *
 * <p>Bodies are 12 KiB: more than Jetty's aggregation size (8 KiB), so one write commits the response
 * there, yet less than {@code getBufferSize()} (32 KiB on Jetty).
 */
class SavedBeforeFirstByteIT {

  private static final int BIG = 12 * 1024;
  @AutoClose
  private static final StartedOnce<Node> NODES = new StartedOnce<>();
  private static final AtomicReference<CountDownLatch> FLUSH_RELEASE = new AtomicReference<>(new CountDownLatch(0));

  private record Node(AppServer server, CountingRepository store) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  // ---- writes, errors and dispatches

  /** A way the response commits after the servlet signed in, and what it answers: any body when null. */
  record Commit(String method, String path, int status, String body) {}

  static Stream<Arguments> commits() {
    return AppServer.Kind.withEach(
        named("one 12 KiB write to the output stream", new Commit("GET", "/stream", 200, null)),
        named("one 12 KiB write to the writer", new Commit("GET", "/writer", 200, null)),
        named("the output stream closed after a short write", new Commit("GET", "/close", 200, "closed")),
        named("HEAD, whose GET writes 12 KiB", new Commit("HEAD", "/stream", 200, "")),
        named("12 KiB through the app's own response wrapper", new Commit("GET", "/app-wrapper", 200, null)),
        named("sendError(403)", new Commit("GET", "/error", 403, null)),
        named("sendError(403, message)", new Commit("GET", "/error?message=no", 403, null)),
        named("a forward to a servlet that writes", new Commit("GET", "/forward", 200, "welcome")),
        named("a forward to a servlet that writes nothing", new Commit("GET", "/forward-empty", 204, "")),
        named("a forward to a servlet that signs in and writes nothing",
            new Commit("GET", "/forward-to-sign-in", 204, "")),
        named("an include of a servlet that writes 12 KiB", new Commit("GET", "/include", 200, null)),
        named("12 KiB written on an async thread", new Commit("GET", "/async", 200, null)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("commits")
  void commitWhenResponseCommitsAfterSignInThenCookieSentAndNextRequestSignedIn(AppServer.Kind kind, Commit commit) {
    Response r = app(kind).http(anonymous(kind)).request(commit.method(), commit.path());

    assertThat(r.statusCode()).isEqualTo(commit.status());
    if (commit.body() != null) {
      assertThat(r.asString()).isEqualTo(commit.body());
    }
    assertSignedInBy(kind, r);
  }

  // ---- Content-Length, from every setter

  enum Length { SET_CONTENT_LENGTH, SET_CONTENT_LENGTH_LONG, SET_HEADER, ADD_HEADER, SET_INT_HEADER, ADD_INT_HEADER }

  @EveryContainerWith(Length.class)
  void contentLengthWhenBodyCompletesItAfterSignInThenCookieSentAndNextRequestSignedIn(AppServer.Kind kind,
      Length length) {
    Response r = app(kind).http(anonymous(kind)).queryParam("by", length.name()).get("/length");

    assertThat(r.asString()).isEqualTo("signed-in");
    assertSignedInBy(kind, r);
  }

  // ---- redirects

  enum Redirect { LOCATION, LOCATION_STATUS, LOCATION_CLEAR, LOCATION_STATUS_CLEAR }

  /**
   * Every {@code sendRedirect} overload; Servlet 6.1's (with a status or a clear-buffer flag) bypassed the
   * wrapper on Tomcat 11. They run wherever the Servlet API on the classpath has them: Jetty ee10 runs
   * here with the 6.1 API but a 6.0 container, so the wrapper must not call the container's missing
   * method; Tomcat 10.1 runs with its 6.0 API, where no app can call them.
   */
  @EveryContainerWith(Redirect.class)
  void sendRedirectWhenAfterSignInThenRedirectCarriesCookieAndNextRequestSignedIn(AppServer.Kind kind,
      Redirect redirect) {
    assumeTrue(redirect == Redirect.LOCATION || apiHasRedirect61(),
        "the Servlet API on this classpath (" + kind + ") has no sendRedirect(String, int, boolean)");

    Response r = app(kind).http(anonymous(kind)).queryParam("by", redirect.name()).get("/redirect");

    assertThat(r.statusCode()).isEqualTo(redirect == Redirect.LOCATION_STATUS
        || redirect == Redirect.LOCATION_STATUS_CLEAR ? 303 : 302);
    assertThat(r.header("Location")).endsWith("/whoami");
    assertSignedInBy(kind, r);
  }

  // ---- while the request still runs

  /** The cookie and the saved session are there while the request still runs. */
  @EveryContainer
  void flushBufferWhenAfterSignInThenCookieArrivesAndNextRequestSignedInWhileFirstStillRuns(AppServer.Kind kind)
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FLUSH_RELEASE.set(release);
    HttpResponse<InputStream> first = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(app(kind).baseUrl() + "/flush"))
            .header("Cookie", "SID=" + anonymous(kind)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try {
      assertThat(SetCookies.normalized(first)).containsExactly(ISSUED);
      String id = SetCookies.issuedId(first);
      assertThat(app(kind).http(id).get("/whoami").asString()).as("signed in while the first runs").isEqualTo("alice");
    } finally {
      release.countDown();
    }
    try (InputStream body = first.body()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("partial;done");
    }
  }

  // ---- changes after the first byte

  /** A change after the response committed needs no cookie: the end of the request saves it. */
  @EveryContainer
  void setAttributeWhenAfterResponseCommittedThenSavedAtEndAndNextRequestSeesIt(AppServer.Kind kind) {
    String id = anonymous(kind);

    Response r = app(kind).http(id).get("/late-set");
    assertThat(r.asString()).hasSize(BIG); // the whole body, whose end the server sends after its last commit

    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    assertThat(app(kind).http(id).get("/late-read").asString()).isEqualTo("late");
  }

  /** A cookie cannot follow a response already sent: said at WARN, with the id's tag only. */
  @EveryContainer
  void signInWhenAfterResponseCommittedThenNoCookieAndWarned(AppServer.Kind kind) {
    String id = anonymous(kind);
    List<String> lines;
    Response r;
    try (CapturedLogs logs = new CapturedLogs()) {
      r = app(kind).http(id).get("/late-sign-in");
      assertThat(r.asString()).hasSize(BIG); // the body ends after the request's last commit
      lines = logs.lines();
    }

    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    assertThat(lines).filteredOn(l -> l.contains("session cookie not sent"))
        .singleElement().asString()
        .startsWith("WARN dev.cloakroom.Commit session cookie not sent reason=response-committed idTag=")
        .doesNotContain(id);
  }

  // ---- and what it costs

  @EveryContainer
  void writeWhenSessionNeverTouchedThenNoStoreCallAndNoCookie(AppServer.Kind kind) {
    Node node = node(kind);
    node.store().reset();

    Response r = app(kind).http(anonymous(kind)).get("/big");

    assertThat(r.asString()).hasSize(BIG);
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    assertThat(node.store().total()).as("store calls after /anon's create").isEqualTo(1);
  }

  /** Saving before the first byte adds no store write to a request that only reads its session. */
  @EveryContainer
  void readWhenWithinTouchIntervalAndTwelveKibBodyThenOneLoadAndNoStoreWrite(AppServer.Kind kind) {
    String id = SetCookies.issuedId(app(kind).http(anonymous(kind)).get("/stream"));
    Node node = node(kind);
    node.store().reset();

    Response r = app(kind).http(id).get("/whoami-big");

    assertThat(r.asString()).hasSize(BIG).startsWith("alice");
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    assertThat(node.store().calls("load")).isEqualTo(1);
    assertThat(node.store().total()).isEqualTo(1);
  }

  // ---- the app

  private static Node node(AppServer.Kind kind) {
    return NODES.get(kind, () -> {
      CountingRepository store = new CountingRepository(new MemoryRepository(1000));
      Settings settings = Settings.builder().store(store).principalAttribute(TestServlets.USER).build();
      return new Node(kind.start(new Deployment.Code(new SessionFilter(settings), servlets())), store);
    });
  }

  private static Map<String, HttpServlet> servlets() {
    Map<String, HttpServlet> servlets = new LinkedHashMap<>(TestServlets.all());
    servlets.put("/anon", servlet((req, res) -> {
      req.getSession();
      res.getWriter().print("anonymous");
    }));
    servlets.put("/stream", servlet((req, res) -> {
      signIn(req);
      res.getOutputStream().write(big());
    }));
    servlets.put("/writer", servlet((req, res) -> {
      signIn(req);
      res.setContentType("text/plain;charset=ISO-8859-1");
      res.getWriter().write(new String(big(), StandardCharsets.ISO_8859_1));
    }));
    servlets.put("/close", servlet((req, res) -> {
      signIn(req);
      OutputStream out = res.getOutputStream();
      out.write("closed".getBytes(StandardCharsets.US_ASCII));
      out.close();
    }));
    servlets.put("/app-wrapper", servlet((req, res) -> {
      signIn(req);
      HttpServletResponse own = new HttpServletResponseWrapper(res) {};
      own.getOutputStream().write(big());
    }));
    servlets.put("/length", servlet((req, res) -> {
      signIn(req);
      byte[] body = "signed-in".getBytes(StandardCharsets.US_ASCII);
      switch (Length.valueOf(req.getParameter("by"))) {
        case SET_CONTENT_LENGTH -> res.setContentLength(body.length);
        case SET_CONTENT_LENGTH_LONG -> res.setContentLengthLong(body.length);
        case SET_HEADER -> res.setHeader("Content-Length", String.valueOf(body.length));
        case ADD_HEADER -> res.addHeader("content-length", String.valueOf(body.length));
        case SET_INT_HEADER -> res.setIntHeader("Content-Length", body.length);
        case ADD_INT_HEADER -> res.addIntHeader("Content-Length", body.length);
      }
      res.getOutputStream().write(body);
    }));
    servlets.put("/redirect", servlet((req, res) -> {
      signIn(req);
      switch (Redirect.valueOf(req.getParameter("by"))) {
        case LOCATION -> res.sendRedirect("/whoami");
        case LOCATION_STATUS -> res.sendRedirect("/whoami", 303);
        case LOCATION_CLEAR -> res.sendRedirect("/whoami", true);
        case LOCATION_STATUS_CLEAR -> res.sendRedirect("/whoami", 303, true);
      }
    }));
    servlets.put("/error", servlet((req, res) -> {
      signIn(req);
      if (req.getParameter("message") != null) {
        res.sendError(403, req.getParameter("message"));
      } else {
        res.sendError(403);
      }
    }));
    servlets.put("/forward", servlet((req, res) -> {
      signIn(req);
      req.getRequestDispatcher("/welcome").forward(req, res);
    }));
    servlets.put("/welcome", servlet((req, res) -> res.getWriter().print("welcome")));
    servlets.put("/forward-empty", servlet((req, res) -> {
      signIn(req);
      req.getRequestDispatcher("/empty").forward(req, res);
    }));
    servlets.put("/empty", servlet((req, res) -> res.setStatus(204)));
    servlets.put("/forward-to-sign-in", servlet((req, res) -> req.getRequestDispatcher("/sign-in-empty").forward(req, res)));
    servlets.put("/sign-in-empty", servlet((req, res) -> {
      signIn(req);
      res.setStatus(204);
    }));
    servlets.put("/include", servlet((req, res) -> {
      signIn(req);
      req.getRequestDispatcher("/big").include(req, res);
    }));
    servlets.put("/big", servlet((req, res) -> res.getOutputStream().write(big())));
    servlets.put("/async", servlet((req, res) -> {
      signIn(req);
      AsyncContext async = req.startAsync();
      async.start(() -> {
        try {
          async.getResponse().getOutputStream().write(big());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        } finally {
          async.complete();
        }
      });
    }));
    servlets.put("/flush", servlet((req, res) -> {
      signIn(req);
      res.getOutputStream().write("partial;".getBytes(StandardCharsets.US_ASCII));
      res.flushBuffer();
      try {
        boolean released = FLUSH_RELEASE.get().await(10, TimeUnit.SECONDS);
        res.getOutputStream().write((released ? "done" : "timeout").getBytes(StandardCharsets.US_ASCII));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    servlets.put("/late-set", servlet((req, res) -> {
      HttpSession session = req.getSession();
      res.getOutputStream().write(big());
      res.flushBuffer();
      session.setAttribute("late", "late");
    }));
    servlets.put("/late-read", servlet((req, res) -> res.getWriter().print(req.getSession().getAttribute("late"))));
    servlets.put("/late-sign-in", servlet((req, res) -> {
      req.getSession();
      res.getOutputStream().write(big());
      res.flushBuffer();
      signIn(req);
    }));
    servlets.put("/whoami-big", servlet((req, res) -> {
      String user = String.valueOf(req.getSession().getAttribute(TestServlets.USER));
      byte[] body = big();
      System.arraycopy(user.getBytes(StandardCharsets.US_ASCII), 0, body, 0, user.length());
      res.getOutputStream().write(body);
    }));
    return servlets;
  }

  private static void signIn(HttpServletRequest request) {
    request.getSession().setAttribute(TestServlets.USER, "alice");
  }

  private static byte[] big() {
    byte[] body = new byte[BIG];
    Arrays.fill(body, (byte) 'x');
    return body;
  }

  private static boolean apiHasRedirect61() {
    try {
      HttpServletResponse.class.getMethod("sendRedirect", String.class, int.class, boolean.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  // ---- HTTP

  private static AppServer app(AppServer.Kind kind) {
    return node(kind).server();
  }

  /** A fresh anonymous session's id. */
  private static String anonymous(AppServer.Kind kind) {
    return SetCookies.issuedId(app(kind).http().get("/anon"));
  }

  /** Exactly one new session cookie, with a new id under which the next request is signed in as alice. */
  private static void assertSignedInBy(AppServer.Kind kind, Response r) {
    assertThat(SetCookies.normalized(r)).as("Set-Cookie on %s", kind).containsExactly(ISSUED);
    String id = SetCookies.issuedId(r);
    assertThat(app(kind).http(id).get("/whoami").asString()).as("next request").isEqualTo("alice");
  }
}

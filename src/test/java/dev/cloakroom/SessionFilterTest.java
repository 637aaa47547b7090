package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.Breaker;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreUnavailableException;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.Clients;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.TestApp;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The filter on a real embedded Jetty, configured in code, with a fake clock and a counting store. */
class SessionFilterTest {


  private final FakeClock clock = new FakeClock();
  private final MemoryRepository memory = new MemoryRepository(1000);
  private final CountingRepository repository = new CountingRepository(memory);
  private TestApp app;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  private TestApp start(Settings.Builder builder, Map<String, TestApp.Handler> handlers) throws Exception {
    app = TestApp.start(builder.clock(clock).build(), handlers);
    return app;
  }

  private Settings.Builder settings() {
    return Settings.builder().store(repository);
  }

  private static final TestApp.Handler TOUCH = (req, res) -> req.getSession();
  private static final TestApp.Handler READ = (req, res) -> {
    HttpSession s = req.getSession(false);
    res.getWriter().print(s == null ? "none" : String.valueOf(s.getAttribute("n")));
  };
  private static final TestApp.Handler SET = (req, res) -> req.getSession().setAttribute("n", req.getParameter("v"));
  private static final TestApp.Handler NOTHING = (req, res) -> res.getWriter().print("ok");

  private Response get(String path, String sessionId) {
    return Clients.get(app.url(), path, sessionId);
  }

  private static String idOf(Response r) {
    return Clients.sessionId(r);
  }

  @Test
  void getSessionWhenNoneThenCookieHasSecureDefaultsOverPlainHttp() throws Exception {
    start(settings(), Map.of("/touch", TOUCH));
    Response r = get("/touch", null);
    String id = idOf(r);
    assertThat(r.getHeaders().getValues("Set-Cookie"))
        .containsExactly("SID=" + id + "; Path=/; HttpOnly; SameSite=Lax");
  }

  @Test
  void requestWhenSessionNeverTouchedThenNoStoreCallAndNoCookie() throws Exception {
    start(settings(), Map.of("/touch", TOUCH, "/nothing", NOTHING));
    String id = idOf(get("/touch", null));
    repository.reset();
    Response r = get("/nothing", id);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(repository.total()).isZero();
    assertThat(r.getHeader("Set-Cookie")).isNull();
  }

  @Test
  void readOnlyRequestWhenInsideTouchIntervalThenOneLoadAndNoWrite() throws Exception {
    start(settings(), Map.of("/set", SET, "/read", READ));
    String id = idOf(get("/set?v=a", null));
    repository.reset();
    clock.advance(Duration.ofSeconds(30));
    Response r = get("/read", id);
    assertThat(r.asString()).isEqualTo("a");
    assertThat(repository.calls("load")).isEqualTo(1);
    assertThat(repository.total()).isEqualTo(1);
    assertThat(r.getHeader("Set-Cookie")).isNull();
  }

  @Test
  void readOnlyRequestWhenTouchIntervalPassedThenOneSaveOfLastAccess() throws Exception {
    start(settings(), Map.of("/set", SET, "/read", READ));
    String id = idOf(get("/set?v=a", null));
    repository.reset();
    clock.advance(Duration.ofMinutes(2));
    get("/read", id);
    assertThat(repository.calls("load")).isEqualTo(1);
    assertThat(repository.calls("save")).isEqualTo(1);
    assertThat(memory.load(SessionIds.storeKey(id)).orElseThrow().lastAccessedAt()).isEqualTo(clock.instant());
  }

  @Test
  void attributeWhenReadAndMutatedInPlaceThenSaved() throws Exception {
    start(settings(), Map.of(
        "/make", (req, res) -> req.getSession().setAttribute("list", new ArrayList<>(List.of("a"))),
        "/mutate", (req, res) -> {
          @SuppressWarnings("unchecked")
          List<String> list = (List<String>) req.getSession().getAttribute("list");
          list.add("b");
        },
        "/show", (req, res) -> res.getWriter().print(req.getSession().getAttribute("list"))));
    String id = idOf(get("/make", null));
    get("/mutate", id);
    assertThat(get("/show", id).asString()).isEqualTo("[a, b]");
  }

  @Test
  void attributeWhenStoredBytesNoLongerDecodeThenDroppedCountedAndSessionLives() throws Exception {
    start(settings(), Map.of("/set", SET, "/read", READ,
        "/names", (req, res) -> res.getWriter().print(req.getSession().getAttribute("bad") + " "
            + req.getSession().getAttribute("n"))));
    String id = idOf(get("/set?v=kept", null));
    String key = SessionIds.storeKey(id);
    SessionRecord rec = memory.load(key).orElseThrow();
    memory.save(key, new SessionDelta(Map.of("bad", new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r', 0, 9}),
        Set.of(), null, null, null, rec.expiresAt()));

    Response r = get("/names", id);

    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("null kept");
    assertThat(app.filter().metrics().count(SessionEvent.ATTRIBUTE_DROPPED)).isEqualTo(1);
    assertThat(memory.load(key).orElseThrow().attributes()).containsOnlyKeys("n");
  }

  /** A listener value; serializable so the store can hold it. */
  static final class Binding implements HttpSessionBindingListener, Serializable {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static final long serialVersionUID = 1L;

    @Override
    public void valueBound(HttpSessionBindingEvent event) {
      EVENTS.add("bound " + event.getName());
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
      EVENTS.add("unbound " + event.getName());
    }
  }

  @Test
  void bindingListenerWhenSetThenRemovedThenBoundThenUnbound() throws Exception {
    Binding.EVENTS.clear();
    start(settings().serializationFilter("dev.cloakroom.SessionFilterTest$Binding"), Map.of("/bind", (req, res) -> {
      HttpSession s = req.getSession();
      s.setAttribute("b", new Binding());
      s.removeAttribute("b");
    }));
    get("/bind", null);
    assertThat(Binding.EVENTS).containsExactly("bound b", "unbound b");
  }

  @Test
  void invalidatedSessionWhenUsedThenIllegalStateException() throws Exception {
    start(settings(), Map.of("/invalid", (req, res) -> {
      HttpSession s = req.getSession();
      s.invalidate();
      List<String> threw = new ArrayList<>();
      for (var call : List.<Runnable>of(s::getCreationTime, s::getLastAccessedTime, () -> s.getAttribute("x"),
          s::getAttributeNames, () -> s.setAttribute("x", "y"), () -> s.removeAttribute("x"), s::invalidate, s::isNew)) {
        try {
          call.run();
        } catch (IllegalStateException e) {
          threw.add("ise");
        }
      }
      res.getWriter().print(threw.size() + " " + (req.getSession(false) == null));
    }));
    assertThat(get("/invalid", null).asString()).isEqualTo("8 true");
  }

  @Test
  void maxInactiveIntervalWhenShortenedThenSessionExpiresSooner() throws Exception {
    start(settings(), Map.of("/short", (req, res) -> {
      req.getSession().setAttribute("n", "x");
      req.getSession().setMaxInactiveInterval(60);
    }, "/read", READ));
    String id = idOf(get("/short", null));
    clock.advance(Duration.ofSeconds(61));
    assertThat(get("/read", id).asString()).isEqualTo("none");
  }

  @Test
  void rememberMeWhenSetThenCookieLivesUntilAbsoluteExpiry() throws Exception {
    start(settings().absoluteTimeout(Duration.ofHours(8)),
        Map.of("/remember", (req, res) -> req.getSession().setAttribute(SessionFilter.REMEMBER_ME, true)));
    Response r = get("/remember", null);
    assertThat(r.getHeader("Set-Cookie"))
        .isEqualTo("SID=" + idOf(r) + "; Path=/; Max-Age=28800; Expires=Thu, 01 Jan 2026 08:00:00 GMT; HttpOnly;"
            + " SameSite=Lax");
  }

  @Test
  void forwardedProtoWhenFromTrustedProxyThenHostPrefixedSecureCookie() throws Exception {
    start(settings().trustedProxies(List.of("127.0.0.1")), Map.of("/touch", TOUCH));
    Response r = given().baseUri(app.url()).header("X-Forwarded-Proto", "https").get("/touch");
    String header = r.getHeader("Set-Cookie");
    assertThat(header).matches("__Host-SID=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax");
  }

  @Test
  void forwardedProtoWhenProxyNotTrustedThenIgnored() throws Exception {
    start(settings().trustedProxies(List.of("10.0.0.0/8")), Map.of("/touch", TOUCH));
    Response r = given().baseUri(app.url()).header("X-Forwarded-Proto", "https").get("/touch");
    assertThat(r.getHeader("Set-Cookie")).matches("SID=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax");
  }

  @Test
  void createWhenMemoryStoreFullOfSignedInSessionsThen503AndExistingSessionKept() throws Exception {
    app = TestApp.start(Settings.builder().maxSessions(1).principalAttribute("n").clock(clock).build(),
        Map.of("/set", SET, "/read", READ));
    String id = idOf(get("/set?v=first", null));
    Response full = get("/set?v=second", null);
    assertThat(full.getStatusCode()).isEqualTo(503);
    assertThat(full.getHeader("Retry-After")).isEqualTo("5");
    assertThat(full.getHeader("Set-Cookie")).isNull();
    assertThat(get("/read", id).asString()).isEqualTo("first");
  }

  @Test
  void storeDownWhenSessionNeededThen503WithRetryAfter() throws Exception {
    app = TestApp.start(Settings.builder().store(new DownRepository()).clock(clock).build(),
        Map.of("/read", READ));
    Response r = get("/read", SessionIds.generate(new java.security.SecureRandom()));
    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getHeader("Retry-After")).isEqualTo("5");
    assertThat(r.getHeader("Set-Cookie")).isNull();
  }

  @Test
  void storeDownWhenBreakerOpenThenRetryAfterIsTheRestOfItsCoolDown() throws Exception {
    Breaker breaker = new Breaker(new DownRepository(), clock, 1, Duration.ofSeconds(30));
    app = TestApp.start(Settings.builder().store(breaker).clock(clock).build(), Map.of("/read", READ));
    String id = SessionIds.generate(new java.security.SecureRandom());
    get("/read", id); // the failure that opens the breaker
    clock.advance(Duration.ofSeconds(12));

    Response r = get("/read", id);

    assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getHeader("Retry-After")).isEqualTo("18");
  }

  @Test
  void storeDownWhenSessionNotNeededThen200() throws Exception {
    app = TestApp.start(Settings.builder().store(new DownRepository()).clock(clock).build(),
        Map.of("/nothing", NOTHING));
    Response r = get("/nothing", SessionIds.generate(new java.security.SecureRandom()));
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("ok");
  }

  @Test
  void getSessionWhenStoreReadFailedThenFailsAgainAndNeverCreatesAnEmptySession() throws Exception {
    // the first read fails, later ones would succeed: a retry must not see "no session" and start afresh
    String id = SessionIds.generate(new java.security.SecureRandom());
    SessionRepository flaky = failingFirstLoad(memory);
    app = TestApp.start(Settings.builder().store(flaky).clock(clock).build(), Map.of("/retry", (req, res) -> {
      try {
        req.getSession(false);
      } catch (StoreUnavailableException first) {
        req.getSession(true); // an app that swallows the error and asks again
      }
    }));
    Response r = get("/retry", id);
    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getHeader("Set-Cookie")).isNull();
  }

  @Test
  void getSessionWhenResponseAlreadyCommittedThenIllegalState() throws Exception {
    start(settings(), Map.of("/late", (req, res) -> {
      res.getWriter().print("body");
      res.flushBuffer();
      try {
        req.getSession(true);
        res.getWriter().print(" created");
      } catch (IllegalStateException e) {
        res.getWriter().print(" ise");
      }
    }));
    Response r = get("/late", null);
    assertThat(r.asString()).isEqualTo("body ise");
    assertThat(r.getHeader("Set-Cookie")).isNull();
    assertThat(memory.size()).isZero();
  }

  @Test
  void sweepWhenSessionsExpiredThenRemovedAndCounted() throws Exception {
    start(settings(), Map.of("/touch", TOUCH));
    get("/touch", null);
    get("/touch", null);
    clock.advance(Duration.ofMinutes(31));
    assertThat(app.filter().sweep()).isEqualTo(2);
    assertThat(memory.size()).isZero();
    assertThat(app.filter().metrics().count(SessionEvent.EXPIRED_IDLE)).isEqualTo(2);
  }

  @Test
  void requestedIdWhenMalformedThenReportedButNotValidAndNotAdopted() throws Exception {
    start(settings(), Map.of("/probe", (req, res) -> res.getWriter().print(
        req.getRequestedSessionId() + " " + req.isRequestedSessionIdValid() + " "
            + req.isRequestedSessionIdFromURL() + " " + req.getSession().getId().equals(req.getRequestedSessionId()))));
    Response r = given().baseUri(app.url()).header("Cookie", "SID=not-an-id").get("/probe");
    assertThat(r.asString()).isEqualTo("not-an-id false false false");
    assertThat(idOf(r)).isNotEqualTo("not-an-id");
  }

  @Test
  void changeSessionIdWhenNoSessionThenIllegalState() throws Exception {
    start(settings(), Map.of("/change", (req, res) -> {
      try {
        req.changeSessionId();
        res.getWriter().print("changed");
      } catch (IllegalStateException e) {
        res.getWriter().print("ise");
      }
    }));
    assertThat(get("/change", null).asString()).isEqualTo("ise");
  }

  @Test
  void changeSessionIdWhenSessionExistsThenOldIdDeadAndDataKept() throws Exception {
    start(settings(), Map.of("/set", SET, "/read", READ, "/change", (req, res) -> req.changeSessionId()));
    String old = idOf(get("/set?v=kept", null));
    String fresh = idOf(get("/change", old));
    assertThat(fresh).isNotEqualTo(old);
    assertThat(get("/read", old).asString()).isEqualTo("none");
    assertThat(get("/read", fresh).asString()).isEqualTo("kept");
  }

  @Test
  void concurrentRequestsWhenChangingDisjointAttributesThenBothLand() throws Exception {
    CountDownLatch firstLoaded = new CountDownLatch(1);
    CountDownLatch secondDone = new CountDownLatch(1);
    start(settings(), Map.of("/touch", TOUCH,
        "/slow", (req, res) -> {
          req.getSession().setAttribute("a", "1");
          firstLoaded.countDown();
          secondDone.await(10, TimeUnit.SECONDS);
        },
        "/fast", (req, res) -> req.getSession().setAttribute("b", "2"),
        "/both", (req, res) -> res.getWriter().print(req.getSession().getAttribute("a") + "" + req.getSession().getAttribute("b"))));
    String id = idOf(get("/touch", null));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Response> slow = pool.submit(() -> get("/slow", id));
      assertThat(firstLoaded.await(10, TimeUnit.SECONDS)).isTrue();
      get("/fast", id);
      secondDone.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
    assertThat(get("/both", id).asString()).isEqualTo("12");
  }

  @Test
  void logsWhenSessionLivesItsWholeLifeThenNoRawIdAnywhere() throws Exception {
    start(settings().principalAttribute("user"), Map.of("/touch", TOUCH,
        "/login", (req, res) -> req.getSession().setAttribute("user", "alice"),
        "/logout", (req, res) -> req.getSession().invalidate()));
    try (CapturedLogs logs = new CapturedLogs()) {
      String first = idOf(get("/touch", null));
      String second = idOf(get("/login", first));
      get("/logout", second);
      get("/touch", "x" + first.substring(1));
      assertThat(logs.lines()).isNotEmpty();
      assertThat(logs.lines()).noneMatch(l -> l.contains(first) || l.contains(second)
          || l.contains(SessionIds.storeKey(first)) || l.contains(first.substring(1)));
    }
  }

  /** {@code inner}, except that its first {@code load} fails as if the network were down. */
  private static SessionRepository failingFirstLoad(SessionRepository inner) {
    java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
    return (SessionRepository) java.lang.reflect.Proxy.newProxyInstance(SessionRepository.class.getClassLoader(),
        new Class<?>[] {SessionRepository.class}, (proxy, method, args) -> {
          if (method.getName().equals("load") && failed.compareAndSet(false, true)) {
            throw new StoreUnavailableException("store down once (test)");
          }
          try {
            return method.invoke(inner, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** A store whose every call fails as if the network were down. */
  private static final class DownRepository implements SessionRepository {
    private static StoreUnavailableException down() {
      return new StoreUnavailableException("store down (test)");
    }

    @Override public java.util.Optional<SessionRecord> load(String key) { throw down(); }
    @Override public void create(SessionRecord record) { throw down(); }
    @Override public boolean save(String key, SessionDelta delta) { throw down(); }
    @Override public boolean changeKey(String oldKey, String newKey) { throw down(); }
    @Override public java.util.Optional<String> movedTo(String oldKey) { throw down(); }
    @Override public boolean delete(String key) { throw down(); }
    @Override public List<SessionRecord> findByPrincipal(String principal, Instant now) { throw down(); }
    @Override public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) { throw down(); }
    @Override public List<SessionRecord> removeExpired(Instant now, int max) { throw down(); }
  }
}

package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.Servlets;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.store.Breaker;
import dev.cloakroom.store.StoreUnavailableException;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.DownRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.Serializable;
import java.time.Duration;
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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The filter's edge cases on a real embedded Jetty, configured in code, with a fake clock: listeners on
 * values, invalidated sessions, the remember-me and proxied cookies, a full or failing store, calls the
 * Servlet API refuses, and concurrent deltas. A session's ordinary life, with its store round trips, is
 * {@code e2e/LifecycleIT}.
 */
class SessionFilterTest {

  private final FakeClock clock = new FakeClock();
  private final MemoryRepository memory = new MemoryRepository(1000);
  @AutoClose
  private AppServer app;

  private void start(Settings.Builder builder, Map<String, Servlets.Handler> handlers) throws Exception {
    SessionFilter filter = new SessionFilter(builder.clock(clock).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, handlers));
  }

  private Settings.Builder settings() {
    return Settings.builder().store(memory);
  }

  private static final Servlets.Handler TOUCH = (req, res) -> req.getSession();
  private static final Servlets.Handler READ = (req, res) -> {
    HttpSession s = req.getSession(false);
    res.getWriter().print(s == null ? "none" : String.valueOf(s.getAttribute("n")));
  };
  private static final Servlets.Handler SET = (req, res) -> req.getSession().setAttribute("n", req.getParameter("v"));
  private static final Servlets.Handler NOTHING = (req, res) -> res.getWriter().print("ok");

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
    app.http().get("/bind");
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
    assertThat(app.http().get("/invalid").asString()).isEqualTo("8 true");
  }

  @Test
  void rememberMeWhenSetThenCookieLivesUntilAbsoluteExpiry() throws Exception {
    start(settings().absoluteTimeout(Duration.ofHours(8)),
        Map.of("/remember", (req, res) -> req.getSession().setAttribute(SessionFilter.REMEMBER_ME, true)));
    Response r = app.http().get("/remember");
    assertThat(r.getHeader("Set-Cookie"))
        .isEqualTo("SID=" + SetCookies.issuedId(r) + "; Path=/; Max-Age=28800; Expires=Thu, 01 Jan 2026 08:00:00 GMT;"
            + " HttpOnly; SameSite=Lax");
  }

  @Test
  void forwardedProtoWhenFromTrustedProxyThenHostPrefixedSecureCookie() throws Exception {
    start(settings().trustedProxies(List.of("127.0.0.1")), Map.of("/touch", TOUCH));
    Response r = app.http().header("X-Forwarded-Proto", "https").get("/touch");
    String header = r.getHeader("Set-Cookie");
    assertThat(header).matches("__Host-SID=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax");
  }

  @Test
  void forwardedProtoWhenProxyNotTrustedThenIgnored() throws Exception {
    start(settings().trustedProxies(List.of("10.0.0.0/8")), Map.of("/touch", TOUCH));
    Response r = app.http().header("X-Forwarded-Proto", "https").get("/touch");
    assertThat(r.getHeader("Set-Cookie")).matches("SID=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax");
  }

  @Test
  void createWhenMemoryStoreFullOfSignedInSessionsThen503AndExistingSessionKept() throws Exception {
    start(Settings.builder().maxSessions(1).principalAttribute("n"), Map.of("/set", SET, "/read", READ));
    String id = SetCookies.issuedId(app.http().get("/set?v=first"));
    Response full = app.http().get("/set?v=second");
    assertThat(full.getStatusCode()).isEqualTo(503);
    assertThat(full.getHeader("Retry-After")).isEqualTo("5");
    assertThat(full.getHeader("Set-Cookie")).isNull();
    assertThat(app.http(id).get("/read").asString()).isEqualTo("first");
  }

  @Test
  void storeDownWhenSessionNeededThen503WithRetryAfter() throws Exception {
    start(Settings.builder().store(new DownRepository()), Map.of("/read", READ));
    Response r = app.http(SessionIds.generate(new java.security.SecureRandom())).get("/read");
    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getHeader("Retry-After")).isEqualTo("5");
    assertThat(r.getHeader("Set-Cookie")).isNull();
  }

  @Test
  void storeDownWhenBreakerOpenThenRetryAfterIsTheRestOfItsCoolDown() throws Exception {
    Breaker breaker = new Breaker(new DownRepository(), clock, 1, Duration.ofSeconds(30));
    start(Settings.builder().store(breaker), Map.of("/read", READ));
    String id = SessionIds.generate(new java.security.SecureRandom());
    app.http(id).get("/read"); // the failure that opens the breaker
    clock.advance(Duration.ofSeconds(12));

    Response r = app.http(id).get("/read");

    assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
    assertThat(r.getStatusCode()).isEqualTo(503);
    assertThat(r.getHeader("Retry-After")).isEqualTo("18");
  }

  @Test
  void storeDownWhenSessionNotNeededThen200() throws Exception {
    start(Settings.builder().store(new DownRepository()), Map.of("/nothing", NOTHING));
    Response r = app.http(SessionIds.generate(new java.security.SecureRandom())).get("/nothing");
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("ok");
  }

  @Test
  void getSessionWhenStoreReadFailedThenFailsAgainAndNeverCreatesAnEmptySession() throws Exception {
    // the first read fails, later ones would succeed: a retry must not see "no session" and start afresh
    String id = SessionIds.generate(new java.security.SecureRandom());
    CountingRepository flaky = new CountingRepository(memory);
    flaky.failOnce("load", () -> new StoreUnavailableException("store down once (test)"));
    start(Settings.builder().store(flaky), Map.of("/retry", (req, res) -> {
      try {
        req.getSession(false);
      } catch (StoreUnavailableException first) {
        req.getSession(true); // an app that swallows the error and asks again
      }
    }));
    Response r = app.http(id).get("/retry");
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
    Response r = app.http().get("/late");
    assertThat(r.asString()).isEqualTo("body ise");
    assertThat(r.getHeader("Set-Cookie")).isNull();
    assertThat(memory.size()).isZero();
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
    assertThat(app.http().get("/change").asString()).isEqualTo("ise");
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
        "/both", (req, res) -> res.getWriter().print(req.getSession().getAttribute("a") + ""
            + req.getSession().getAttribute("b"))));
    String id = SetCookies.issuedId(app.http().get("/touch"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Response> slow = pool.submit(() -> app.http(id).get("/slow"));
      assertThat(firstLoaded.await(10, TimeUnit.SECONDS)).isTrue();
      app.http(id).get("/fast");
      secondDone.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS).getStatusCode()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
    assertThat(app.http(id).get("/both").asString()).isEqualTo("12");
  }
}

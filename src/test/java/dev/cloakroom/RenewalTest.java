package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.Servlets;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 2: with {@code renewalInterval=10m}, a session's id is renewed at every 10 minutes of
 * its life (counted from sign-in, else creation) by the first ordinary request after the boundary; data,
 * principal and absolute deadline stay, the old id is dead at once. Settings: idle 30m, absolute 1h,
 * {@code principalAttribute=user}, {@code passivePaths=/poll}.
 */
class RenewalTest {

  private static final Duration EVERY = Duration.ofMinutes(10);

  private final FakeClock clock = new FakeClock();
  private final CountingRepository store = new CountingRepository(new MemoryRepository(1000));
  private SessionFilter filter;
  @AutoClose
  private AppServer app;

  private void start() throws Exception {
    Servlets.Handler read = (req, res) -> {
      HttpSession s = req.getSession(false);
      res.getWriter().print(s == null ? "none" : s.getAttribute("n") + " " + s.getAttribute("user"));
    };
    filter = new SessionFilter(Settings.builder().store(store).clock(clock).renewalInterval(EVERY)
        .absoluteTimeout(Duration.ofHours(1)).principalAttribute("user").sweepInterval(Duration.ofHours(24))
        .passivePaths(List.of("/poll")).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/signin", (req, res) -> {
          req.getSession().setAttribute("n", "x");
          req.getSession().setAttribute("user", "ada");
        },
        "/anonymous", (req, res) -> req.getSession().setAttribute("n", "x"),
        "/read", read,
        "/poll", read,
        "/valid", (req, res) -> res.getWriter().print(req.isRequestedSessionIdValid()),
        "/remember-while-ended", (req, res) -> {
          HttpSession s = req.getSession(false);
          s.setAttribute(SessionFilter.REMEMBER_ME, Boolean.TRUE); // a cookie is now pending
          store.delete(SessionIds.storeKey(s.getId())); // a sign-out elsewhere ends the session meanwhile
          res.getWriter().print("ok");
        },
        "/late", (req, res) -> {
          res.getWriter().print("body first ");
          res.flushBuffer(); // committed before the app asks for its session
          HttpSession s = req.getSession(false);
          res.getWriter().print(s == null ? "none" : s.getAttribute("n"));
        })));
  }

  /** Starts the app; a session signed in now. */
  private String signedIn() throws Exception {
    start();
    return SetCookies.issuedId(app.http().get("/signin"));
  }

  /** Starts the app; a session signed in one renewal interval ago, so its next ordinary request renews it. */
  private String signedInAnIntervalAgo() throws Exception {
    String id = signedIn();
    clock.advance(EVERY);
    return id;
  }

  private static String issued(Response r) {
    return r.getHeader("Set-Cookie") == null ? null : SetCookies.issuedId(r);
  }

  /** Asserts that an ordinary request with {@code id} renews it: the response issues another id. */
  private void assertNextOrdinaryRequestRenews(String id) {
    assertThat(issued(app.http(id).get("/read"))).isNotNull().isNotEqualTo(id);
  }

  @Test
  void clickingEveryFiveMinutesThenNewIdAtEveryTenMinutesAndDataAndPrincipalKept() throws Exception {
    String id = signedIn();
    List<String> renewedAt = new ArrayList<>();

    for (int minute = 5; minute <= 55; minute += 5) {
      clock.advance(Duration.ofMinutes(5));
      Response r = app.http(id).get("/read");
      assertThat(r.asString()).isEqualTo("x ada");
      String next = issued(r);
      if (next != null) {
        assertThat(app.http(id).get("/read").asString()).as("the old id is dead").isEqualTo("none");
        renewedAt.add(minute + "m");
        id = next;
      }
    }

    assertThat(renewedAt).containsExactly("10m", "20m", "30m", "40m", "50m");
    assertThat(filter.metrics().count(SessionEvent.ID_CHANGED)).isEqualTo(5);
  }

  @Test
  void renewalDueWhenSessionEndedMeanwhileAndCookiePendingThenNoErrorAndNoCookie() throws Exception {
    String id = signedInAnIntervalAgo();

    Response r = app.http(id).get("/remember-while-ended");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("ok");
    assertThat(r.getHeaders().getValues("Set-Cookie")).isEmpty();
    assertThat(app.http(id).get("/read").asString()).isEqualTo("none");
  }

  @Test
  void renewedCookieWhenIssuedThenSameAttributesAsAnyIssuedCookie() throws Exception {
    String id = signedInAnIntervalAgo();

    Response r = app.http(id).get("/read");

    String renewed = SetCookies.issuedId(r);
    assertThat(renewed).isNotEqualTo(id);
    assertThat(r.getHeaders().getValues("Set-Cookie")).containsExactly("SID=" + renewed + "; Path=/; HttpOnly; SameSite=Lax");
  }

  @Test
  void renewingWhenUserStaysActiveThenSessionStillEndsAtAbsoluteTimeout() throws Exception {
    String id = signedIn();
    Instant signedIn = clock.instant();
    for (int i = 0; i < 11; i++) { // 55 minutes of clicks
      clock.advance(Duration.ofMinutes(5));
      Response r = app.http(id).get("/read");
      String next = issued(r);
      id = next != null ? next : id;
    }
    SessionRecord stored = store.load(SessionIds.storeKey(id)).orElseThrow();
    assertThat(stored.authenticatedAt()).isEqualTo(signedIn);
    assertThat(stored.principal()).isEqualTo("ada");

    clock.advance(Duration.ofMinutes(5)); // 1 h after sign-in

    assertThat(app.http(id).get("/read").asString()).isEqualTo("none");
  }

  /**
   * The renewing request writes its access time even when the touch interval (1m) says not yet, so the
   * recorded access is past the boundary and the next request does not renew again.
   */
  @Test
  void requestWhenRenewedWithinTouchIntervalOfLastAccessThenNextRequestDoesNotRenewAgain() throws Exception {
    String id = signedIn();
    clock.advance(Duration.ofSeconds(570));
    app.http(id).get("/read"); // touched at 9m30s
    clock.advance(Duration.ofSeconds(40)); // 10m10s: past the boundary, 40 s after the last touch
    String renewed = SetCookies.issuedId(app.http(id).get("/read"));

    clock.advance(Duration.ofSeconds(5));
    Response next = app.http(renewed).get("/read");

    assertThat(next.getHeader("Set-Cookie")).isNull();
    assertThat(next.asString()).isEqualTo("x ada");
  }

  @Test
  void passiveRequestAtBoundaryThenNoRenewalAndNextOrdinaryRequestRenews() throws Exception {
    String id = signedInAnIntervalAgo();
    store.reset();

    Response poll = app.http(id).get("/poll");

    assertThat(poll.getHeader("Set-Cookie")).isNull();
    assertThat(poll.asString()).isEqualTo("x ada");
    assertThat(store.calls("changeKey") + store.calls("save")).isZero();
    assertNextOrdinaryRequestRenews(id);
  }

  @Test
  void sessionWhenNotSignedInThenLifeCountedFromCreation() throws Exception {
    start();
    String id = SetCookies.issuedId(app.http().get("/anonymous"));
    clock.advance(EVERY.minusSeconds(1));
    assertThat(app.http(id).get("/read").getHeader("Set-Cookie")).isNull();

    clock.advance(Duration.ofSeconds(1));

    assertNextOrdinaryRequestRenews(id);
  }

  /** The renewal is the filter's doing: the id the client sent was valid, and the app is told so. */
  @Test
  void requestedSessionIdValidWhenRenewedInThisRequestThenTrue() throws Exception {
    String id = signedInAnIntervalAgo();

    Response r = app.http(id).get("/read"); // loads and renews
    Response valid = app.http(SetCookies.issuedId(r)).get("/valid");

    assertThat(valid.asString()).isEqualTo("true");
    clock.advance(EVERY);
    Response renewing = app.http(SetCookies.issuedId(r)).get("/valid");
    assertThat(renewing.asString()).isEqualTo("true");
    assertThat(renewing.getHeader("Set-Cookie")).isNotNull();
  }

  /** The new id could not reach the client, so the old one must not die: the next request renews. */
  @Test
  void sessionFirstAskedForAfterResponseCommittedThenRenewalDeferredToNextRequest() throws Exception {
    String id = signedInAnIntervalAgo();

    Response late = app.http(id).get("/late");

    assertThat(late.asString()).isEqualTo("body first x");
    assertThat(late.getHeader("Set-Cookie")).isNull();
    assertNextOrdinaryRequestRenews(id);
  }
}

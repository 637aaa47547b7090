package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.Clients;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.TestApp;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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
  private TestApp app;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  private void start() throws Exception {
    TestApp.Handler read = (req, res) -> {
      HttpSession s = req.getSession(false);
      res.getWriter().print(s == null ? "none" : s.getAttribute("n") + " " + s.getAttribute("user"));
    };
    app = TestApp.start(Settings.builder().store(store).clock(clock).renewalInterval(EVERY)
        .absoluteTimeout(Duration.ofHours(1)).principalAttribute("user").sweepInterval(Duration.ofHours(24))
        .passivePaths(List.of("/poll")).build(), Map.of(
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
        }));
  }

  private String signIn() {
    return Clients.sessionId(Clients.get(app.url(), "/signin", null));
  }

  private static String issued(Response r) {
    return r.getHeader("Set-Cookie") == null ? null : Clients.sessionId(r);
  }

  @Test
  void clickingEveryFiveMinutesThenNewIdAtEveryTenMinutesAndDataAndPrincipalKept() throws Exception {
    start();
    String id = signIn();
    List<String> renewedAt = new ArrayList<>();

    for (int minute = 5; minute <= 55; minute += 5) {
      clock.advance(Duration.ofMinutes(5));
      Response r = Clients.get(app.url(), "/read", id);
      assertThat(r.asString()).isEqualTo("x ada");
      String next = issued(r);
      if (next != null) {
        assertThat(Clients.get(app.url(), "/read", id).asString()).as("the old id is dead").isEqualTo("none");
        renewedAt.add(minute + "m");
        id = next;
      }
    }

    assertThat(renewedAt).containsExactly("10m", "20m", "30m", "40m", "50m");
    assertThat(app.filter().metrics().count(SessionEvent.ID_CHANGED)).isEqualTo(5);
  }

  @Test
  void renewalDueWhenSessionEndedMeanwhileAndCookiePendingThenNoErrorAndNoCookie() throws Exception {
    start();
    String id = signIn();
    clock.advance(EVERY);

    Response r = Clients.get(app.url(), "/remember-while-ended", id);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("ok");
    assertThat(r.getHeaders().getValues("Set-Cookie")).isEmpty();
    assertThat(Clients.get(app.url(), "/read", id).asString()).isEqualTo("none");
  }

  @Test
  void renewedCookieWhenIssuedThenSameAttributesAsAnyIssuedCookie() throws Exception {
    start();
    String id = signIn();
    clock.advance(EVERY);

    Response r = Clients.get(app.url(), "/read", id);

    String renewed = Clients.sessionId(r);
    assertThat(renewed).isNotEqualTo(id);
    assertThat(r.getHeaders().getValues("Set-Cookie")).containsExactly("SID=" + renewed + "; Path=/; HttpOnly; SameSite=Lax");
  }

  @Test
  void renewingWhenUserStaysActiveThenSessionStillEndsAtAbsoluteTimeout() throws Exception {
    start();
    String id = signIn();
    Instant signedIn = clock.instant();
    for (int i = 0; i < 11; i++) { // 55 minutes of clicks
      clock.advance(Duration.ofMinutes(5));
      Response r = Clients.get(app.url(), "/read", id);
      String next = issued(r);
      id = next != null ? next : id;
    }
    SessionRecord stored = store.load(SessionIds.storeKey(id)).orElseThrow();
    assertThat(stored.authenticatedAt()).isEqualTo(signedIn);
    assertThat(stored.principal()).isEqualTo("ada");

    clock.advance(Duration.ofMinutes(5)); // 1 h after sign-in

    assertThat(Clients.get(app.url(), "/read", id).asString()).isEqualTo("none");
  }

  /**
   * The renewing request writes its access time even when the touch interval (1m) says not yet, so the
   * recorded access is past the boundary and the next request does not renew again.
   */
  @Test
  void requestWhenRenewedWithinTouchIntervalOfLastAccessThenNextRequestDoesNotRenewAgain() throws Exception {
    start();
    String id = signIn();
    clock.advance(Duration.ofSeconds(570));
    Clients.get(app.url(), "/read", id); // touched at 9m30s
    clock.advance(Duration.ofSeconds(40)); // 10m10s: past the boundary, 40 s after the last touch
    String renewed = Clients.sessionId(Clients.get(app.url(), "/read", id));

    clock.advance(Duration.ofSeconds(5));
    Response next = Clients.get(app.url(), "/read", renewed);

    assertThat(next.getHeader("Set-Cookie")).isNull();
    assertThat(next.asString()).isEqualTo("x ada");
  }

  @Test
  void passiveRequestAtBoundaryThenNoRenewalAndNextOrdinaryRequestRenews() throws Exception {
    start();
    String id = signIn();
    clock.advance(EVERY);
    store.reset();

    Response poll = Clients.get(app.url(), "/poll", id);

    assertThat(poll.getHeader("Set-Cookie")).isNull();
    assertThat(poll.asString()).isEqualTo("x ada");
    assertThat(store.calls("changeKey") + store.calls("save")).isZero();
    assertThat(issued(Clients.get(app.url(), "/read", id))).isNotNull().isNotEqualTo(id);
  }

  @Test
  void sessionWhenNotSignedInThenLifeCountedFromCreation() throws Exception {
    start();
    String id = Clients.sessionId(Clients.get(app.url(), "/anonymous", null));
    clock.advance(EVERY.minusSeconds(1));
    assertThat(Clients.get(app.url(), "/read", id).getHeader("Set-Cookie")).isNull();

    clock.advance(Duration.ofSeconds(1));

    assertThat(issued(Clients.get(app.url(), "/read", id))).isNotNull().isNotEqualTo(id);
  }

  /** The renewal is the filter's doing: the id the client sent was valid, and the app is told so. */
  @Test
  void requestedSessionIdValidWhenRenewedInThisRequestThenTrue() throws Exception {
    start();
    String id = signIn();
    clock.advance(EVERY);

    Response r = Clients.get(app.url(), "/read", id); // loads and renews
    Response valid = Clients.get(app.url(), "/valid", Clients.sessionId(r));

    assertThat(valid.asString()).isEqualTo("true");
    clock.advance(EVERY);
    Response renewing = Clients.get(app.url(), "/valid", Clients.sessionId(r));
    assertThat(renewing.asString()).isEqualTo("true");
    assertThat(renewing.getHeader("Set-Cookie")).isNotNull();
  }

  /** The new id could not reach the client, so the old one must not die: the next request renews. */
  @Test
  void sessionFirstAskedForAfterResponseCommittedThenRenewalDeferredToNextRequest() throws Exception {
    start();
    String id = signIn();
    clock.advance(EVERY);

    Response late = Clients.get(app.url(), "/late", id);

    assertThat(late.asString()).isEqualTo("body first x");
    assertThat(late.getHeader("Set-Cookie")).isNull();
    assertThat(issued(Clients.get(app.url(), "/read", id))).isNotNull().isNotEqualTo(id);
  }

  @Test
  void buildWhenRenewalIntervalNotBelowAbsoluteTimeoutThenRejected() {
    assertThatThrownBy(() -> Settings.fromParams(Map.of("renewalInterval", "8h")))
        .isInstanceOf(SettingsException.class)
        .hasMessage("renewalInterval=PT8H (absoluteTimeout is PT8H, touchInterval is PT1M) is not accepted;"
            + " it accepts " + Param.RENEWAL_INTERVAL.accepts());
  }

  @Test
  void buildWhenRenewalIntervalBelowTouchIntervalThenRejected() {
    assertThatThrownBy(() -> Settings.fromParams(Map.of("renewalInterval", "30s")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("renewalInterval=PT30S (absoluteTimeout is PT8H, touchInterval is PT1M)");
  }

  @Test
  void buildWhenRenewalIntervalNotSetThenOff() {
    assertThat(Settings.builder().build().renewalInterval()).isNull();
  }
}

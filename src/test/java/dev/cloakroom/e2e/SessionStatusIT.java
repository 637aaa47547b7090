package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.SessionStatus;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SessionStatus} over HTTP on every container: a developer panel's view of the session, and the
 * reason the session a request named had ended. Filter in code, memory store, {@code /poll} passive.
 */
class SessionStatusIT {

  private static Map<String, HttpServlet> servlets() {
    return Map.of(
        "/create", Servlets.servlet((req, res) -> req.getSession()),
        "/login", Servlets.servlet((req, res) -> req.getSession().setAttribute("user", "alice")),
        "/status", Servlets.servlet((req, res) -> Servlets.text(res, SessionStatus.of(req)
            .map(s -> "created=" + s.createdAt() + " idChanged=" + s.idChangedAt() + " idle=" + s.idleExpiresAt()
                + " absolute=" + s.absoluteExpiresAt() + " authenticated=" + s.authenticated() + " store="
                + s.store() + " cookie=" + s.cookie())
            .orElse("none"))),
        "/poll", Servlets.servlet((req, res) -> Servlets.text(res, SessionStatus.of(req)
            .map(s -> "idle=" + s.idleExpiresAt()).orElse("none"))),
        "/ended", Servlets.servlet((req, res) -> Servlets.text(res, SessionStatus.previousEnd(req)
            .map(Enum::name).orElse("none"))));
  }

  private static AppServer start(AppServer.Kind kind, FakeClock clock) throws Exception {
    Settings settings = Settings.builder().clock(clock).sweepInterval(Duration.ofHours(24)).principalAttribute("user")
        .passivePaths(List.of("/poll")).build();
    return kind.start(new Deployment.Code(new SessionFilter(settings), servlets()));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void statusWhenSignedInThenTimesStoreAndCookieWithoutTheId(AppServer.Kind kind) throws Exception {
    FakeClock clock = new FakeClock();
    Instant start = clock.instant();
    try (AppServer app = start(kind, clock)) {
      String anonymous = SetCookies.issuedId(app.http().get("/create"));
      clock.advance(Duration.ofMinutes(2));
      String id = SetCookies.issuedId(app.http(anonymous).get("/login"));
      Instant signIn = clock.instant();
      clock.advance(Duration.ofSeconds(10));

      Response r = app.http(id).get("/status");

      assertThat(r.asString()).isEqualTo("created=" + start + " idChanged=" + signIn + " idle="
          + signIn.plus(Duration.ofMinutes(30)) + " absolute=" + signIn.plus(Duration.ofHours(8))
          + " authenticated=true store=memory cookie=Cookie[name=SID, path=/, domain=null, secure=false,"
          + " httpOnly=true, sameSite=Lax, maxAge=null, partitioned=false]");
      assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void statusWhenPassiveRequestAfterTheTouchIntervalThenIdleExpiryNotMoved(AppServer.Kind kind) throws Exception {
    FakeClock clock = new FakeClock();
    Instant start = clock.instant();
    try (AppServer app = start(kind, clock)) {
      String id = SetCookies.issuedId(app.http().get("/create"));
      clock.advance(Duration.ofMinutes(10));

      assertThat(app.http(id).get("/poll").asString()).isEqualTo("idle=" + start.plus(Duration.ofMinutes(30)));
      assertThat(app.http(id).get("/poll").asString()).isEqualTo("idle=" + start.plus(Duration.ofMinutes(30)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void previousEndWhenIdleTimeoutPassedThenIdleOnceAndNoSession(AppServer.Kind kind) throws Exception {
    FakeClock clock = new FakeClock();
    try (AppServer app = start(kind, clock)) {
      String id = SetCookies.issuedId(app.http().get("/create"));
      clock.advance(Duration.ofMinutes(31));

      assertThat(app.http(id).get("/ended").asString()).isEqualTo("IDLE");
      assertThat(app.http(id).get("/ended").asString()).isEqualTo("none");
      assertThat(app.http(id).get("/status").asString()).isEqualTo("none");
    }
  }
}

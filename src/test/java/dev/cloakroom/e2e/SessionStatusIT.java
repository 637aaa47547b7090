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
import org.junit.jupiter.api.AutoClose;

/**
 * {@link SessionStatus} over HTTP on every container: a developer panel's view of the session, and the
 * reason the session a request named had ended. Filter in code, memory store, {@code /poll} passive.
 */
class SessionStatusIT {

  private static final FakeClock CLOCK = new FakeClock();
  @AutoClose
  private static final StartedOnce<AppServer> SERVERS = new StartedOnce<>();

  private static AppServer server(AppServer.Kind kind) {
    return SERVERS.get(kind, () -> {
      Settings settings = Settings.builder().clock(CLOCK).sweepInterval(Duration.ofHours(24))
          .principalAttribute("user").passivePaths(List.of("/poll")).build();
      Map<String, HttpServlet> servlets = Map.of(
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
      return kind.start(new Deployment.Code(new SessionFilter(settings), servlets));
    });
  }

  @EveryContainer
  void statusWhenSignedInThenTimesStoreAndCookieWithoutTheId(AppServer.Kind kind) {
    Instant start = CLOCK.instant();
    String anonymous = SetCookies.issuedId(server(kind).http().get("/create"));
    CLOCK.advance(Duration.ofMinutes(2));
    String id = SetCookies.issuedId(server(kind).http(anonymous).get("/login"));
    Instant signIn = CLOCK.instant();
    CLOCK.advance(Duration.ofSeconds(10));

    Response r = server(kind).http(id).get("/status");

    assertThat(r.asString()).isEqualTo("created=" + start + " idChanged=" + signIn + " idle="
        + signIn.plus(Duration.ofMinutes(30)) + " absolute=" + signIn.plus(Duration.ofHours(8))
        + " authenticated=true store=memory cookie=Cookie[name=SID, path=/, domain=null, secure=false,"
        + " httpOnly=true, sameSite=Lax, maxAge=null, partitioned=false]");
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
  }

  @EveryContainer
  void statusWhenPassiveRequestAfterTheTouchIntervalThenIdleExpiryNotMoved(AppServer.Kind kind) {
    Instant start = CLOCK.instant();
    String id = SetCookies.issuedId(server(kind).http().get("/create"));
    CLOCK.advance(Duration.ofMinutes(10));

    assertThat(server(kind).http(id).get("/poll").asString()).isEqualTo("idle=" + start.plus(Duration.ofMinutes(30)));
    assertThat(server(kind).http(id).get("/poll").asString()).isEqualTo("idle=" + start.plus(Duration.ofMinutes(30)));
  }

  @EveryContainer
  void previousEndWhenIdleTimeoutPassedThenIdleOnceAndNoSession(AppServer.Kind kind) {
    String id = SetCookies.issuedId(server(kind).http().get("/create"));
    CLOCK.advance(Duration.ofMinutes(31));

    assertThat(server(kind).http(id).get("/ended").asString()).isEqualTo("IDLE");
    assertThat(server(kind).http(id).get("/ended").asString()).isEqualTo("none");
    assertThat(server(kind).http(id).get("/status").asString()).isEqualTo("none");
  }
}

package dev.cloakroom.e2e;

import static dev.cloakroom.e2e.Servlets.servlet;
import static dev.cloakroom.e2e.Servlets.text;
import static dev.cloakroom.e2e.SetCookies.ISSUED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.Hold;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;

/**
 * Issue 10, item 2, over HTTP on every container: {@code renewalInterval=10m}. A renewal at the boundary
 * with parallel requests loses nothing and leaves the old id dead. Races are staged as in
 * {@link IdChangeIT}: with a request held in the servlet after it loaded the session, or held inside the
 * store's {@code load} (it read the record, not yet renewed) while the racing request renews.
 */
class RenewalIT {

  private static final Duration EVERY = Duration.ofMinutes(10);
  private static final FakeClock CLOCK = new FakeClock();
  private static final CountingRepository STORE = new CountingRepository(new MemoryRepository(10_000));
  @AutoClose
  private static final StartedOnce<AppServer> SERVERS = new StartedOnce<>();

  private static final Hold HOLD = new Hold();

  private static AppServer server(AppServer.Kind kind) {
    return SERVERS.get(kind, () -> {
      Settings settings = Settings.builder().clock(CLOCK).store(STORE).renewalInterval(EVERY)
          .sweepInterval(Duration.ofHours(24)).build();
      Map<String, HttpServlet> servlets = new LinkedHashMap<>(TestServlets.all());
      servlets.put("/hold", servlet((req, res) -> {
        HttpSession s = req.getSession(false);
        s.getAttribute("mark"); // loaded before the racing request runs
        HOLD.here();
        s.setAttribute("late", "landed");
        text(res, "set");
      }));
      return kind.start(new Deployment.Code(new SessionFilter(settings), servlets));
    });
  }

  @EveryContainer
  void clickingPastTwoBoundariesThenTwoRenewalsEachWithOneCookieAndTheDataKept(AppServer.Kind kind) {
    AppServer app = server(kind);
    String first = newSession(app);

    CLOCK.advance(EVERY);
    Response renewal = app.http(first).get("/read?name=mark");
    String second = SetCookies.issuedId(renewal);
    CLOCK.advance(EVERY);
    String third = SetCookies.issuedId(app.http(second).get("/read?name=mark"));

    assertThat(renewal.asString()).isEqualTo("new");
    assertThat(renewal.headers().getValues("Set-Cookie")).containsExactly(ISSUED.replace("<id>", second));
    assertThat(read(kind, third, "mark")).isEqualTo("new");
    assertThat(read(kind, second, "mark")).isEqualTo("none");
    assertThat(read(kind, first, "mark")).isEqualTo("none");
  }

  /** A request that loaded the session before the boundary writes after another request renewed it. */
  @EveryContainer
  void setAttributeWhenLoadedBeforeBoundaryAndRenewedMeanwhileThenWriteLandsAndOldIdDead(AppServer.Kind kind)
      throws Exception {
    Race race = heldAfter(kind, EVERY.minusSeconds(1), id -> {
      CLOCK.advance(Duration.ofSeconds(1));
      return server(kind).http(id).get("/read?name=mark");
    });

    assertThat(race.lateCookies()).isEmpty();
    assertThat(read(kind, race.racingId(), "late")).isEqualTo("landed");
    assertThat(read(kind, race.racingId(), "mark")).isEqualTo("new");
    assertThat(read(kind, race.before(), "mark")).as("old id").isEqualTo("none");
  }

  /**
   * A renewal happens at the commit, not at the load: a request the client sends with the old cookie
   * while a long request that found the renewal due is still running finds the session (and, committing
   * first, renews it); the long request then follows the session, sends no cookie, and its write lands.
   */
  @EveryContainer
  void requestWithOldCookieWhileRenewingRequestRunsThenFindsTheSession(AppServer.Kind kind) throws Exception {
    Race race = heldAfter(kind, EVERY, id -> server(kind).http(id).get("/read?name=mark"));

    assertThat(race.racing().asString()).as("the session, not an empty one").isEqualTo("new");
    assertThat(race.lateCookies()).isEmpty();
    assertThat(read(kind, race.racingId(), "late")).isEqualTo("landed");
    assertThat(read(kind, race.before(), "mark")).as("old id").isEqualTo("none");
  }

  /**
   * Two requests at the boundary both find the session due: exactly one new id is issued, the other
   * request follows the session without rotating it again and sends no cookie, and both writes land.
   */
  @EveryContainer
  void twoRequestsAtBoundaryThenExactlyOneNewIdAndBothWritesLand(AppServer.Kind kind) throws Exception {
    String before = newSession(server(kind));
    CLOCK.advance(EVERY);

    Race race = Race.run(HOLD, before, () -> {
      STORE.holdNextLoad(HOLD); // held inside the store's load: it read the record, not yet renewed
      return server(kind).sendAsync(before, "/set?name=b&value=2");
    }, id -> server(kind).http(id).get("/set?name=a&value=1"));

    String renewed = race.racingId();
    assertThat(race.racing().headers().getValues("Set-Cookie")).containsExactly(ISSUED.replace("<id>", renewed));
    assertThat(race.lateCookies()).isEmpty();
    assertThat(read(kind, renewed, "a")).isEqualTo("1");
    assertThat(read(kind, renewed, "b")).isEqualTo("2");
    assertThat(read(kind, renewed, "mark")).isEqualTo("new");
    assertThat(read(kind, before, "mark")).as("old id").isEqualTo("none");
  }

  // ---- helpers

  private static String newSession(AppServer app) {
    return SetCookies.issuedId(app.http().get("/set?name=mark&value=new"));
  }

  /** A new session at {@code age}, whose {@code /hold} request is raced by {@code racing} with the same cookie. */
  private static Race heldAfter(AppServer.Kind kind, Duration age, Function<String, Response> racing)
      throws Exception {
    AppServer app = server(kind);
    String before = newSession(app);
    CLOCK.advance(age);
    return Race.run(HOLD, app, before, "/hold", racing);
  }

  private static String read(AppServer.Kind kind, String id, String name) {
    return server(kind).http(id).get("/read?name=" + name).asString();
  }
}

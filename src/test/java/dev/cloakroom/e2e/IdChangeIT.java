package dev.cloakroom.e2e;

import static dev.cloakroom.e2e.Servlets.servlet;
import static dev.cloakroom.e2e.Servlets.text;
import static dev.cloakroom.e2e.SetCookies.ISSUED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.StoreException;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.Hold;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;

/**
 * Id changes under real traffic, over HTTP on every container (issue 7, cases 3 to 6): requests that
 * race an id change, privilege changes that half-fail, the principal compared by name, and a long
 * request that ends after a later one. A race is staged with a held request: {@code /hold} loads the
 * session, says so, and waits until the test lets it do its action; meanwhile the test sends the
 * racing request ({@link Race}). Defaults apply except {@code principalAttribute=user}.
 */
class IdChangeIT {

  private static final FakeClock CLOCK = new FakeClock();
  private static final CountingRepository STORE = new CountingRepository(new MemoryRepository(10_000));
  @AutoClose
  private static final StartedOnce<AppServer> SERVERS = new StartedOnce<>();
  private static final String USER = "user";

  private static final Hold HOLD = new Hold();

  /** A user type without {@code equals}, as apps often store: only its name identifies the user. */
  public static final class User implements Principal, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;

    User(String name) {
      this.name = name;
    }

    @Override
    public String getName() {
      return name;
    }
  }

  private static AppServer server(AppServer.Kind kind) {
    return SERVERS.get(kind, () -> {
      Settings settings = Settings.builder()
          .clock(CLOCK)
          .store(STORE)
          .principalAttribute(USER)
          .serializationFilter(User.class.getName())
          .sweepInterval(Duration.ofHours(24))
          .build();
      Map<String, HttpServlet> servlets = new LinkedHashMap<>(TestServlets.all());
      servlets.put("/whoami", servlet((req, res) -> {
        HttpSession s = req.getSession(false);
        Object user = s == null ? null : s.getAttribute(USER);
        text(res, user == null ? "anonymous" : ((Principal) user).getName());
      }));
      servlets.put("/rotate", servlet((req, res) -> text(res, rotated(req.changeSessionId()))));
      servlets.put("/login", servlet((req, res) -> {
        try {
          req.getSession().setAttribute(USER, new User(req.getParameter("name")));
          text(res, "signed in");
        } catch (StoreException e) {
          text(res, "caught"); // an app that swallows the failure must not get a half-done sign-in
        }
      }));
      servlets.put("/store-object", servlet((req, res) -> {
        try {
          req.getSession().setAttribute(USER, new Object());
          text(res, "stored");
        } catch (IllegalArgumentException e) {
          text(res, "refused: " + e.getMessage());
        }
      }));
      servlets.put("/hold", servlet((req, res) -> {
        HttpSession s = req.getSession(false);
        s.getAttribute("mark"); // loaded before the racing request runs
        HOLD.here();
        String action = req.getParameter("action");
        switch (action) {
          case "set" -> s.setAttribute("late", "landed");
          case "rotate" -> {
            text(res, rotated(req.changeSessionId()));
            return;
          }
          case "login" -> s.setAttribute(USER, new User(req.getParameter("name")));
          case "logout" -> s.invalidate();
          case "remember" -> s.setAttribute(SessionFilter.REMEMBER_ME, Boolean.TRUE);
          default -> throw new IllegalArgumentException(action);
        }
        text(res, action + " done");
      }));
      return kind.start(new Deployment.Code(new SessionFilter(settings), servlets));
    });
  }

  @AfterEach
  void heal() {
    STORE.healed();
  }

  // ---- case 3: requests that race an id change

  @EveryContainer
  void setAttributeWhenAnotherRequestChangedIdMeanwhileThenWriteLandsAndNoCookie(AppServer.Kind kind)
      throws Exception {
    Race race = race(kind, "set", "/rotate");

    assertThat(race.lateCookies()).as("no cookie, least of all a cleared one").isEmpty();
    assertThat(read(kind, race.racingId(), "late")).isEqualTo("landed");
    assertThat(read(kind, race.before(), "mark")).as("old id").isEqualTo("none");
  }

  @EveryContainer
  void changeSessionIdWhenAnotherRequestChangedItMeanwhileThenLoserRotatesAgainAndEveryOlderIdIsDead(
      AppServer.Kind kind) throws Exception {
    Race race = race(kind, "rotate", "/rotate");

    String third = SetCookies.issuedId(race.late());
    assertThat(SetCookies.normalized(race.late())).containsExactly(ISSUED);
    assertThat(race.late().body()).isEqualTo(rotated(third));
    assertThat(read(kind, third, "mark")).isEqualTo("new");
    assertThat(read(kind, race.racingId(), "mark")).as("the winner's id").isEqualTo("none");
    assertThat(read(kind, race.before(), "mark")).as("the first id").isEqualTo("none");
  }

  @EveryContainer
  void loginWhenSubmittedTwiceThenBothSucceedAndTheLaterCookieIsSignedIn(AppServer.Kind kind) throws Exception {
    Race race = race(kind, "login&name=carol", "/login?name=carol");

    assertThat(whoami(kind, SetCookies.issuedId(race.late()))).isEqualTo("carol");
    assertThat(whoami(kind, race.racingId())).isEqualTo("anonymous");
    assertThat(whoami(kind, race.before())).isEqualTo("anonymous");
  }

  /**
   * A request that began before someone signed in on the session must not learn the signed-in id: its
   * own {@code changeSessionId()} is skipped and it sends no cookie.
   */
  @EveryContainer
  void changeSessionIdWhenAnotherRequestSignedInMeanwhileThenNoCookieAndSignedInIdLives(AppServer.Kind kind)
      throws Exception {
    Race race = race(kind, "rotate", "/login?name=erin");

    assertThat(race.lateCookies()).isEmpty();
    assertThat(race.late().body()).isEqualTo(rotated(race.before()));
    assertThat(whoami(kind, race.racingId())).isEqualTo("erin");
  }

  /** A sign-in never fails because its session was ended (or evicted) meanwhile: it goes on in a new one. */
  @EveryContainer
  void loginWhenSessionEndedByAnotherRequestMeanwhileThenSignedInOnANewSession(AppServer.Kind kind)
      throws Exception {
    Race race = race(kind, "login&name=kim", "/invalidate");

    String signedIn = SetCookies.issuedId(race.late());
    assertThat(signedIn).isNotEqualTo(race.before());
    assertThat(whoami(kind, signedIn)).isEqualTo("kim");
    assertThat(whoami(kind, race.before())).isEqualTo("anonymous");
  }

  /**
   * A request holding a pre-login id (planted by an attacker) that signs in after the victim signed in
   * on that session must neither take the victim's session over nor sign the victim out: it gets a new
   * session of its own, without the victim's data.
   */
  @EveryContainer
  void loginWhenAnotherRequestSignedInMeanwhileThenOwnNewSessionAndVictimKeepsTheirs(AppServer.Kind kind)
      throws Exception {
    Race race = race(kind, "login&name=mallory", planted -> {
      Response victimLogin = server(kind).http(planted).get("/login?name=victor");
      server(kind).http(SetCookies.issuedId(victimLogin)).get("/set?name=secret&value=victim-data");
      return victimLogin;
    });

    String own = SetCookies.issuedId(race.late());
    String victim = race.racingId();
    assertThat(own).isNotIn(race.before(), victim);
    assertThat(whoami(kind, own)).isEqualTo("mallory");
    assertThat(read(kind, own, "secret")).isEqualTo("none");
    assertThat(whoami(kind, victim)).isEqualTo("victor");
    assertThat(read(kind, victim, "secret")).isEqualTo("victim-data");
  }

  /** A request whose session was moved on by another request never sends its dead id again. */
  @EveryContainer
  void rememberMeWhenAnotherRequestChangedIdMeanwhileThenNoDeadCookieSent(AppServer.Kind kind) throws Exception {
    Race race = race(kind, "remember", "/rotate");

    assertThat(race.lateCookies()).isEmpty();
    assertThat(read(kind, race.racingId(), "mark")).isEqualTo("new");
  }

  // ---- case 4: a privilege change or sign-out happens entirely or fails visibly

  @EveryContainer
  void loginWhenIdChangeFailsAndAppCatchesItThenNothingIsSavedUnderTheOldId(AppServer.Kind kind) {
    String planted = newSession(server(kind));
    STORE.failOn("changeKey", () -> new StoreException("changeKey failed (test)"));

    Response r = server(kind).http(planted).get("/login?name=mallory");

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    SessionRecord stored = STORE.load(Internals.storeKey(planted)).orElseThrow();
    assertThat(stored.principal()).isNull();
    assertThat(stored.attributes()).doesNotContainKey(USER);
  }

  @EveryContainer
  void invalidateWhenDeleteFailsThenErrorAndSessionStillSignedIn(AppServer.Kind kind) {
    String id = signedIn(kind, "frank");
    STORE.failOn("delete", () -> new StoreException("delete failed (test)"));

    Response r = server(kind).http(id).get("/invalidate");
    STORE.healed();

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.headers().getValues("Set-Cookie")).as("never reported as signed out").isEmpty();
    assertThat(whoami(kind, id)).isEqualTo("frank");
  }

  @EveryContainer
  void logoutWhenAnotherRequestChangedIdMeanwhileThenTheMovedSessionIsDeleted(AppServer.Kind kind)
      throws Exception {
    Race race = race(kind, "logout", "/rotate");

    assertThat(race.late().body()).isEqualTo("logout done");
    assertThat(STORE.load(Internals.storeKey(race.racingId()))).as("the session under its new id").isEmpty();
  }

  // ---- case 5: the principal by name

  @EveryContainer
  void setPrincipalWhenSameNameInNewObjectThenIdKeptAndAbsoluteTimeoutNotRestarted(AppServer.Kind kind) {
    String id = signedIn(kind, "grace");
    Instant signedInAt = STORE.load(Internals.storeKey(id)).orElseThrow().authenticatedAt();
    CLOCK.advance(Duration.ofMinutes(10));

    Response again = server(kind).http(id).get("/login?name=grace");

    assertThat(again.headers().getValues("Set-Cookie")).isEmpty();
    assertThat(STORE.load(Internals.storeKey(id)).orElseThrow().authenticatedAt()).isEqualTo(signedInAt);
  }

  /** Re-storing the user every few minutes must not keep a stolen cookie alive past the absolute timeout. */
  @EveryContainer
  void setPrincipalWhenReStoredThroughTheDayThenSessionStillEndsAtAbsoluteTimeout(AppServer.Kind kind) {
    String id = signedIn(kind, "heidi");
    for (int i = 0; i < 19; i++) { // 7h55m of activity, the user re-stored every 25 minutes
      CLOCK.advance(Duration.ofMinutes(25));
      assertThat(server(kind).http(id).get("/login?name=heidi").headers().getValues("Set-Cookie")).isEmpty();
    }

    CLOCK.advance(Duration.ofMinutes(10)); // 8h05m after sign-in: past the 8h absolute timeout

    assertThat(whoami(kind, id)).isEqualTo("anonymous");
  }

  @EveryContainer
  void setPrincipalWhenValueNeitherStringNorPrincipalThenRefusedAtSetAttribute(AppServer.Kind kind) {
    AppServer app = server(kind);

    Response r = app.http(newSession(app)).get("/store-object");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).startsWith("refused: setAttribute: user holds the signed-in user and takes a String"
        + " or a java.security.Principal, not a java.lang.Object");
  }

  // ---- case 6: a long request never sets last access back

  @EveryContainer
  void setAttributeAtEndOfLongRequestThenLaterRequestsLastAccessKept(AppServer.Kind kind) throws Exception {
    Race race = race(kind, "set", id -> {
      CLOCK.advance(Duration.ofMinutes(5));
      return server(kind).http(id).get("/read?name=mark"); // touch due: five minutes have passed
    });

    SessionRecord stored = STORE.load(Internals.storeKey(race.before())).orElseThrow();
    assertThat(stored.lastAccessedAt()).as("the racing request's time").isEqualTo(CLOCK.instant());
    assertThat(stored.attributes()).containsKey("late");
  }

  // ---- helpers

  /** What {@code /rotate} answers: the tag of the id it got, since ids never go into bodies. */
  private static String rotated(String id) {
    return "rotated:" + Internals.idTag(id);
  }

  /** A new session holding {@code mark=new}. */
  private static String newSession(AppServer app) {
    return SetCookies.issuedId(app.http().get("/set?name=mark&value=new"));
  }

  /** A new session on {@code kind}, signed in as {@code name}. */
  private static String signedIn(AppServer.Kind kind, String name) {
    return SetCookies.issuedId(server(kind).http(newSession(server(kind))).get("/login?name=" + name));
  }

  /** A new session's {@code /hold?action=heldAction}, raced by GET {@code racingPath} with the same cookie. */
  private static Race race(AppServer.Kind kind, String heldAction, String racingPath) throws Exception {
    return race(kind, heldAction, id -> server(kind).http(id).get(racingPath));
  }

  /** A new session's {@code /hold?action=heldAction}, raced by {@code racing} with the same cookie. */
  private static Race race(AppServer.Kind kind, String heldAction, Function<String, Response> racing)
      throws Exception {
    AppServer app = server(kind);
    return Race.run(HOLD, app, newSession(app), "/hold?action=" + heldAction, racing);
  }

  private static String read(AppServer.Kind kind, String id, String name) {
    return server(kind).http(id).get("/read?name=" + name).asString();
  }

  private static String whoami(AppServer.Kind kind, String id) {
    return server(kind).http(id).get("/whoami").asString();
  }
}

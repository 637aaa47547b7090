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
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Id changes under real traffic, over HTTP on every container (issue 7, cases 3 to 6): requests that
 * race an id change, privilege changes that half-fail, the principal compared by name, and a long
 * request that ends after a later one. A race is staged with a held request: {@code /hold} loads the
 * session, says so, and waits until the test lets it do its action; meanwhile the test sends the
 * racing request. Defaults apply except {@code principalAttribute=user}.
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
      Map<String, HttpServlet> servlets = new LinkedHashMap<>();
      servlets.put("/new", servlet((req, res) -> {
        req.getSession().setAttribute("mark", "new");
        text(res, "new");
      }));
      servlets.put("/read", new TestServlets.Read());
      servlets.put("/whoami", servlet((req, res) -> {
        HttpSession s = req.getSession(false);
        Object user = s == null ? null : s.getAttribute(USER);
        text(res, user == null ? "anonymous" : ((Principal) user).getName());
      }));
      servlets.put("/rotate", servlet((req, res) -> text(res, rotated(req.changeSessionId()))));
      servlets.put("/login", servlet((req, res) -> {
        req.getSession().setAttribute(USER, new User(req.getParameter("name")));
        text(res, "signed in");
      }));
      servlets.put("/login-caught", servlet((req, res) -> {
        try {
          req.getSession().setAttribute(USER, new User(req.getParameter("name")));
          text(res, "signed in");
        } catch (StoreException e) {
          text(res, "caught"); // an app that swallows the failure must not get a half-done sign-in
        }
      }));
      servlets.put("/set-secret", servlet((req, res) -> {
        req.getSession().setAttribute("secret", "victim-data");
        text(res, "set");
      }));
      servlets.put("/logout", servlet((req, res) -> {
        req.getSession().invalidate();
        text(res, "bye");
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

  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void setAttributeWhenAnotherRequestChangedIdMeanwhileThenWriteLandsAndNoCookie(AppServer.Kind kind)
      throws Exception {
    AppServer app = server(kind);
    String before = newSession(app);
    CompletableFuture<HttpResponse<String>> held = hold(app, before, "set");

    String after = SetCookies.issuedId(app.http(before).get("/rotate"));
    HttpResponse<String> late = released(held);

    assertThat(late.statusCode()).isEqualTo(200);
    assertThat(late.headers().allValues("Set-Cookie")).as("no cookie, least of all a cleared one").isEmpty();
    assertThat(app.http(after).get("/read?name=late").asString()).isEqualTo("landed");
    assertThat(app.http(before).get("/read?name=mark").asString()).as("old id").isEqualTo("none");
  }

  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void changeSessionIdWhenAnotherRequestChangedItMeanwhileThenLoserRotatesAgainAndEveryOlderIdIsDead(
      AppServer.Kind kind) throws Exception {
    AppServer app = server(kind);
    String first = newSession(app);
    CompletableFuture<HttpResponse<String>> held = hold(app, first, "rotate");

    String second = SetCookies.issuedId(app.http(first).get("/rotate"));
    HttpResponse<String> loser = released(held);

    assertThat(loser.statusCode()).isEqualTo(200);
    assertThat(SetCookies.normalized(loser)).containsExactly(ISSUED);
    String third = SetCookies.issuedId(loser);
    assertThat(loser.body()).isEqualTo(rotated(third));
    assertThat(app.http(third).get("/read?name=mark").asString()).isEqualTo("new");
    assertThat(app.http(second).get("/read?name=mark").asString()).as("the winner's id").isEqualTo("none");
    assertThat(app.http(first).get("/read?name=mark").asString()).as("the first id").isEqualTo("none");
  }

  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void loginWhenSubmittedTwiceThenBothSucceedAndTheLaterCookieIsSignedIn(AppServer.Kind kind) throws Exception {
    AppServer app = server(kind);
    String anonymous = newSession(app);
    CompletableFuture<HttpResponse<String>> held = hold(app, anonymous, "login&name=carol");

    String winner = SetCookies.issuedId(app.http(anonymous).get("/login?name=carol"));
    HttpResponse<String> loser = released(held);

    assertThat(loser.statusCode()).isEqualTo(200);
    String last = SetCookies.issuedId(loser);
    assertThat(app.http(last).get("/whoami").asString()).isEqualTo("carol");
    assertThat(app.http(winner).get("/whoami").asString()).isEqualTo("anonymous");
    assertThat(app.http(anonymous).get("/whoami").asString()).isEqualTo("anonymous");
  }

  /**
   * A request that began before someone signed in on the session must not learn the signed-in id: its
   * own {@code changeSessionId()} is skipped and it sends no cookie.
   */
  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void changeSessionIdWhenAnotherRequestSignedInMeanwhileThenNoCookieAndSignedInIdLives(AppServer.Kind kind)
      throws Exception {
    AppServer app = server(kind);
    String anonymous = newSession(app);
    CompletableFuture<HttpResponse<String>> held = hold(app, anonymous, "rotate");

    String signedIn = SetCookies.issuedId(app.http(anonymous).get("/login?name=erin"));
    HttpResponse<String> late = released(held);

    assertThat(late.statusCode()).isEqualTo(200);
    assertThat(late.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(late.body()).isEqualTo(rotated(anonymous));
    assertThat(app.http(signedIn).get("/whoami").asString()).isEqualTo("erin");
  }

  /** A sign-in never fails because its session was ended (or evicted) meanwhile: it goes on in a new one. */
  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void loginWhenSessionEndedByAnotherRequestMeanwhileThenSignedInOnANewSession(AppServer.Kind kind)
      throws Exception {
    AppServer app = server(kind);
    String anonymous = newSession(app);
    CompletableFuture<HttpResponse<String>> held = hold(app, anonymous, "login&name=kim");

    app.http(anonymous).get("/logout");
    HttpResponse<String> login = released(held);

    assertThat(login.statusCode()).isEqualTo(200);
    String signedIn = SetCookies.issuedId(login);
    assertThat(signedIn).isNotEqualTo(anonymous);
    assertThat(app.http(signedIn).get("/whoami").asString()).isEqualTo("kim");
    assertThat(app.http(anonymous).get("/whoami").asString()).isEqualTo("anonymous");
  }

  /**
   * A request holding a pre-login id (planted by an attacker) that signs in after the victim signed in
   * on that session must neither take the victim's session over nor sign the victim out: it gets a new
   * session of its own, without the victim's data.
   */
  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void loginWhenAnotherRequestSignedInMeanwhileThenOwnNewSessionAndVictimKeepsTheirs(AppServer.Kind kind)
      throws Exception {
    AppServer app = server(kind);
    String planted = newSession(app);
    CompletableFuture<HttpResponse<String>> attacker = hold(app, planted, "login&name=mallory");

    String victim = SetCookies.issuedId(app.http(planted).get("/login?name=victor"));
    app.http(victim).get("/set-secret");
    HttpResponse<String> late = released(attacker);

    assertThat(late.statusCode()).isEqualTo(200);
    String own = SetCookies.issuedId(late);
    assertThat(own).isNotIn(planted, victim);
    assertThat(app.http(own).get("/whoami").asString()).isEqualTo("mallory");
    assertThat(app.http(own).get("/read?name=secret").asString()).isEqualTo("none");
    assertThat(app.http(victim).get("/whoami").asString()).isEqualTo("victor");
    assertThat(app.http(victim).get("/read?name=secret").asString()).isEqualTo("victim-data");
  }

  /** A request whose session was moved on by another request never sends its dead id again. */
  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void rememberMeWhenAnotherRequestChangedIdMeanwhileThenNoDeadCookieSent(AppServer.Kind kind) throws Exception {
    AppServer app = server(kind);
    String before = newSession(app);
    CompletableFuture<HttpResponse<String>> held = hold(app, before, "remember");

    String after = SetCookies.issuedId(app.http(before).get("/rotate"));
    HttpResponse<String> late = released(held);

    assertThat(late.statusCode()).isEqualTo(200);
    assertThat(late.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(app.http(after).get("/read?name=mark").asString()).isEqualTo("new");
  }

  // ---- case 4: a privilege change or sign-out happens entirely or fails visibly

  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void loginWhenIdChangeFailsAndAppCatchesItThenNothingIsSavedUnderTheOldId(AppServer.Kind kind) {
    AppServer app = server(kind);
    String planted = newSession(app);
    STORE.failOn("changeKey", () -> new StoreException("changeKey failed (test)"));

    Response r = app.http(planted).get("/login-caught?name=mallory");

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    SessionRecord stored = STORE.load(Internals.storeKey(planted)).orElseThrow();
    assertThat(stored.principal()).isNull();
    assertThat(stored.attributes()).doesNotContainKey(USER);
  }

  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void invalidateWhenDeleteFailsThenErrorAndSessionStillSignedIn(AppServer.Kind kind) {
    AppServer app = server(kind);
    String id = SetCookies.issuedId(app.http(newSession(app)).get("/login?name=frank"));
    STORE.failOn("delete", () -> new StoreException("delete failed (test)"));

    Response r = app.http(id).get("/logout");
    STORE.healed();

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.headers().getValues("Set-Cookie")).as("never reported as signed out").isEmpty();
    assertThat(app.http(id).get("/whoami").asString()).isEqualTo("frank");
  }

  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void logoutWhenAnotherRequestChangedIdMeanwhileThenTheMovedSessionIsDeleted(AppServer.Kind kind)
      throws Exception {
    AppServer app = server(kind);
    String before = newSession(app);
    CompletableFuture<HttpResponse<String>> held = hold(app, before, "logout");

    String after = SetCookies.issuedId(app.http(before).get("/rotate"));
    HttpResponse<String> logout = released(held);

    assertThat(logout.statusCode()).isEqualTo(200);
    assertThat(STORE.load(Internals.storeKey(after))).as("the session under its new id").isEmpty();
  }

  // ---- case 5: the principal by name

  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void setPrincipalWhenSameNameInNewObjectThenIdKeptAndAbsoluteTimeoutNotRestarted(AppServer.Kind kind) {
    AppServer app = server(kind);
    String id = SetCookies.issuedId(app.http(newSession(app)).get("/login?name=grace"));
    Instant signedInAt = STORE.load(Internals.storeKey(id)).orElseThrow().authenticatedAt();
    CLOCK.advance(Duration.ofMinutes(10));

    Response again = app.http(id).get("/login?name=grace");

    assertThat(again.headers().getValues("Set-Cookie")).isEmpty();
    assertThat(STORE.load(Internals.storeKey(id)).orElseThrow().authenticatedAt()).isEqualTo(signedInAt);
  }

  /** Re-storing the user every few minutes must not keep a stolen cookie alive past the absolute timeout. */
  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void setPrincipalWhenReStoredThroughTheDayThenSessionStillEndsAtAbsoluteTimeout(AppServer.Kind kind) {
    AppServer app = server(kind);
    String id = SetCookies.issuedId(app.http(newSession(app)).get("/login?name=heidi"));
    for (int i = 0; i < 19; i++) { // 7h55m of activity, the user re-stored every 25 minutes
      CLOCK.advance(Duration.ofMinutes(25));
      assertThat(app.http(id).get("/login?name=heidi").headers().getValues("Set-Cookie")).isEmpty();
    }

    CLOCK.advance(Duration.ofMinutes(10)); // 8h05m after sign-in: past the 8h absolute timeout

    assertThat(app.http(id).get("/whoami").asString()).isEqualTo("anonymous");
  }

  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void setPrincipalWhenValueNeitherStringNorPrincipalThenRefusedAtSetAttribute(AppServer.Kind kind) {
    AppServer app = server(kind);

    Response r = app.http(newSession(app)).get("/store-object");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).startsWith("refused: setAttribute: user holds the signed-in user and takes a String"
        + " or a java.security.Principal, not a java.lang.Object");
  }

  // ---- case 6: a long request never sets last access back

  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void setAttributeAtEndOfLongRequestThenLaterRequestsLastAccessKept(AppServer.Kind kind) throws Exception {
    AppServer app = server(kind);
    String id = newSession(app);
    CompletableFuture<HttpResponse<String>> held = hold(app, id, "set");
    CLOCK.advance(Duration.ofMinutes(5));
    Instant later = CLOCK.instant();
    app.http(id).get("/read?name=mark"); // touch due: one minute has passed

    released(held);

    SessionRecord stored = STORE.load(Internals.storeKey(id)).orElseThrow();
    assertThat(stored.lastAccessedAt()).isEqualTo(later);
    assertThat(stored.attributes()).containsKey("late");
  }

  // ---- helpers

  /** What {@code /rotate} answers: the tag of the id it got, since ids never go into bodies. */
  private static String rotated(String id) {
    return "rotated:" + Internals.idTag(id);
  }

  private static String newSession(AppServer app) {
    return SetCookies.issuedId(app.http(null).get("/new"));
  }

  /** Sends {@code /hold?action=...} with the session and waits until it has loaded the session. */
  private static CompletableFuture<HttpResponse<String>> hold(AppServer app, String id, String action)
      throws InterruptedException {
    return HOLD.start(() -> app.sendAsync(id, "/hold?action=" + action));
  }

  private static HttpResponse<String> released(CompletableFuture<HttpResponse<String>> held) throws Exception {
    return HOLD.release(held);
  }

}

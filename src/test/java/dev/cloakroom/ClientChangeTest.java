package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.event.ClientChange;
import dev.cloakroom.event.ClientChangeListener;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.ClientFingerprint;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client-change signals (issue 11, item 3): a signed-in session used by a client whose coarse
 * fingerprint differs from the sign-in one raises an event, and with {@code clientChangePolicy=end-session}
 * ends the session. The app trusts 127.0.0.1 as a proxy, so a test varies the client's address with
 * {@code X-Forwarded-For} and its browser with {@code User-Agent}.
 */
class ClientChangeTest {

  private static final String FIREFOX_133 = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
  private static final String FIREFOX_134 = FIREFOX_133.replace("133.0", "134.0");
  private static final String HOME = "203.0.113.10";
  private static final String HOME_OTHER_HOST = "203.0.113.77";
  private static final String MOBILE = "198.51.100.23";

  private final FakeClock clock = new FakeClock();
  private final CountingRepository store = new CountingRepository(new MemoryRepository(100));
  private final List<ClientChange> heard = new CopyOnWriteArrayList<>();
  private final List<String> destroyed = new CopyOnWriteArrayList<>();
  private SessionFilter filter;
  @AutoClose
  private AppServer app;

  private void start(Settings.ClientChangePolicy policy, ClientChangeListener listener) throws Exception {
    HttpSessionListener sessions = new HttpSessionListener() {
      @Override
      public void sessionDestroyed(HttpSessionEvent se) {
        destroyed.add(String.valueOf(se.getSession().getAttribute("user")));
      }
    };
    filter = new SessionFilter(Settings.builder().store(store).clock(clock).principalAttribute("user")
        .trustedProxies(List.of("127.0.0.1")).passivePaths(List.of("/poll")).clientChangePolicy(policy)
        .clientChangeListener(listener).listener(sessions).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/create", (req, res) -> req.getSession(),
        "/login", (req, res) -> req.getSession().setAttribute("user", req.getParameter("u")),
        "/logout", (req, res) -> req.getSession().removeAttribute("user"),
        "/who", (req, res) -> {
          HttpSession s = req.getSession(false);
          res.getWriter().print(s == null ? "none" : String.valueOf(s.getAttribute("user")));
        },
        "/poll", (req, res) -> res.getWriter().print(req.getSession(false) == null ? "none" : "present"),
        "/cart", (req, res) -> res.getWriter().print(req.getSession().isNew() ? "new" : "old"))));
  }

  private void start(Settings.ClientChangePolicy policy) throws Exception {
    start(policy, heard::add);
  }

  private Response get(String path, String id, String address, String userAgent) {
    return app.http(id).header("X-Forwarded-For", address).header("User-Agent", userAgent).get(path);
  }

  /** Alice signs in at home with Firefox 133; her session id. */
  private String aliceAtHome() {
    return SetCookies.issuedId(get("/login?u=alice", null, HOME, FIREFOX_133));
  }

  /** Starts the app with {@code policy}; Alice's session, signed in at home with Firefox 133. */
  private String aliceAtHomeUnder(Settings.ClientChangePolicy policy) throws Exception {
    start(policy);
    return aliceAtHome();
  }

  private long count(SessionEvent event) {
    return filter.metrics().count(event);
  }

  // ---- signal (the default)

  @Test
  void requestFromTheSignInClientThenNoEvent() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.SIGNAL);

    assertThat(get("/who", id, HOME_OTHER_HOST, FIREFOX_133).asString()).isEqualTo("alice");

    assertThat(count(SessionEvent.CLIENT_CHANGED)).isZero();
    assertThat(heard).isEmpty();
  }

  @Test
  void requestFromAnotherNetworkThenEventCountedAndListenerToldWhatChanged() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.SIGNAL);

    get("/who", id, MOBILE, FIREFOX_133);

    assertThat(count(SessionEvent.CLIENT_CHANGED)).isEqualTo(1);
    assertThat(heard).singleElement().satisfies(c -> {
      assertThat(c.principal()).isEqualTo("alice");
      assertThat(c.changed()).isEqualTo(Set.of(ClientFingerprint.Part.NETWORK));
      assertThat(c.before()).isEqualTo(new ClientFingerprint("203.0.113.0/24", "Firefox 133"));
      assertThat(c.after()).isEqualTo(new ClientFingerprint("198.51.100.0/24", "Firefox 133"));
    });
  }

  @Test
  void requestFromAnotherBrowserVersionThenBrowserChange() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.SIGNAL);

    get("/who", id, HOME, FIREFOX_134);

    assertThat(heard).singleElement().extracting(ClientChange::changed)
        .isEqualTo(Set.of(ClientFingerprint.Part.BROWSER));
  }

  @Test
  void signalWhenClientChangedThenSessionGoesOnWithoutWriteNorCookie() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.SIGNAL);
    store.reset();

    Response r = get("/who", id, MOBILE, FIREFOX_134);

    assertThat(r.asString()).isEqualTo("alice");
    assertThat(r.getHeader("Set-Cookie")).isNull();
    assertThat(store.total()).as("one load, nothing else").isEqualTo(1);
  }

  @Test
  void signalWhenClientChangedThenEveryRequestFromItSignalsAgain() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.SIGNAL);

    get("/who", id, MOBILE, FIREFOX_133);
    get("/who", id, MOBILE, FIREFOX_133);

    assertThat(count(SessionEvent.CLIENT_CHANGED)).as("the sign-in fingerprint is kept").isEqualTo(2);
  }

  @Test
  void signInAgainFromTheNewClientThenItsFingerprintReplacesTheOld() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.SIGNAL);
    String signedOut = SetCookies.issuedId(get("/logout", id, HOME, FIREFOX_133));
    String again = SetCookies.issuedId(get("/login?u=alice", signedOut, MOBILE, FIREFOX_134));

    get("/who", again, MOBILE, FIREFOX_134);

    assertThat(heard).isEmpty();
  }

  @Test
  void requestWhenSessionAnonymousThenNoEvent() throws Exception {
    start(Settings.ClientChangePolicy.END_SESSION);
    String id = SetCookies.issuedId(get("/create", null, HOME, FIREFOX_133));

    assertThat(get("/cart", id, MOBILE, FIREFOX_134).asString()).isEqualTo("old");

    assertThat(count(SessionEvent.CLIENT_CHANGED)).isZero();
  }

  @Test
  void requestWhenSessionNeverUsedThenNoCheckAndNoStoreCall() throws Exception {
    filter = new SessionFilter(Settings.builder().store(store).clock(clock).principalAttribute("user")
        .trustedProxies(List.of("127.0.0.1")).clientChangePolicy(Settings.ClientChangePolicy.END_SESSION).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/login", (req, res) -> req.getSession().setAttribute("user", "alice"),
        "/plain", (req, res) -> res.getWriter().print("plain"))));
    String id = aliceAtHome();
    store.reset();

    assertThat(get("/plain", id, MOBILE, FIREFOX_134).asString()).isEqualTo("plain");

    assertThat(store.total()).isZero();
    assertThat(count(SessionEvent.CLIENT_CHANGED)).isZero();
  }

  @Test
  void requestWhenForwardedForComesFromAnUntrustedPeerThenIgnoredAndNoEvent() throws Exception {
    filter = new SessionFilter(Settings.builder().store(store).clock(clock).principalAttribute("user")
        .clientChangeListener(heard::add).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/login", (req, res) -> req.getSession().setAttribute("user", "alice"),
        "/who", (req, res) -> res.getWriter().print(req.getSession(false) != null))));
    String id = aliceAtHome();

    get("/who", id, MOBILE, FIREFOX_133);

    assertThat(heard).isEmpty();
  }

  @Test
  void signalThenInfoLineNamesWhatChangedWithTheIdTagAndNeitherIdNorAddress() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.SIGNAL);

    List<String> lines;
    try (CapturedLogs logs = new CapturedLogs()) {
      get("/who", id, MOBILE, FIREFOX_134);
      lines = logs.lines();
    }

    assertThat(lines).filteredOn(l -> l.contains(" session client-changed")).singleElement().asString()
        .contains(" session client-changed changed=network,browser action=signal idTag=" + IdTag.of(id))
        .contains("idTag=" + IdTag.of(id) + "}");
    assertThat(String.join("\n", lines)).doesNotContain(id).doesNotContain(MOBILE).doesNotContain(HOME);
  }

  static Stream<Throwable> listenerFailures() {
    return Stream.of(new IllegalStateException("listener bug"), new LinkageError("listener class broken"));
  }

  @ParameterizedTest
  @MethodSource("listenerFailures")
  void listenerThrowsThenRequestSucceeds(Throwable failure) throws Exception {
    start(Settings.ClientChangePolicy.SIGNAL, change -> {
      if (failure instanceof Error e) {
        throw e;
      }
      throw (RuntimeException) failure;
    });
    String id = aliceAtHome();

    Response r = get("/who", id, MOBILE, FIREFOX_133);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("alice");
  }

  // ---- end-session

  @Test
  void endSessionWhenClientChangedThenRequestHasNoSessionAndCookieCleared() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.END_SESSION);

    Response r = get("/who", id, MOBILE, FIREFOX_133);

    assertThat(r.asString()).isEqualTo("none");
    assertThat(r.getHeaders().getValues("Set-Cookie"))
        .containsExactly("SID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void endSessionWhenClientChangedThenDeletedListenersRunAndCounted() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.END_SESSION);

    get("/who", id, HOME, FIREFOX_134);

    assertThat(store.load(SessionIds.storeKey(id))).isEmpty();
    assertThat(destroyed).containsExactly("alice");
    assertThat(count(SessionEvent.CLIENT_CHANGED)).isEqualTo(1);
    assertThat(count(SessionEvent.INVALIDATED)).isEqualTo(1);
  }

  @Test
  void endSessionWhenClientChangedThenTheOldIdIsDeadForTheSignInClientToo() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.END_SESSION);
    get("/who", id, MOBILE, FIREFOX_133);

    assertThat(get("/who", id, HOME, FIREFOX_133).asString()).isEqualTo("none");
  }

  @Test
  void endSessionWhenClientChangedThenListenerToldAfterTheSessionEnded() throws Exception {
    List<String> sessionSeen = new CopyOnWriteArrayList<>();
    start(Settings.ClientChangePolicy.END_SESSION,
        change -> sessionSeen.add(change.request().getSession(false) == null ? "none" : "present"));
    String id = aliceAtHome();

    get("/who", id, MOBILE, FIREFOX_133);

    assertThat(sessionSeen).containsExactly("none");
  }

  @Test
  void endSessionWhenSameClientThenSessionKept() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.END_SESSION);

    assertThat(get("/who", id, HOME_OTHER_HOST, FIREFOX_133).asString()).isEqualTo("alice");
  }

  @Test
  void endSessionWhenAppAsksForASessionThenItGetsANewAnonymousOne() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.END_SESSION);

    Response r = get("/cart", id, MOBILE, FIREFOX_133);

    assertThat(r.asString()).isEqualTo("new");
    assertThat(SetCookies.issuedId(r)).isNotEqualTo(id);
  }

  @Test
  void endSessionWhenPassiveRequestFromAnotherClientThenEndedToo() throws Exception {
    String id = aliceAtHomeUnder(Settings.ClientChangePolicy.END_SESSION);

    assertThat(get("/poll", id, MOBILE, FIREFOX_133).asString()).isEqualTo("none");
    assertThat(get("/who", id, HOME, FIREFOX_133).asString()).isEqualTo("none");
  }
}

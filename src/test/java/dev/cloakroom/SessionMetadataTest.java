package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.store.ClientFingerprint;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.LoginRealm;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the filter writes into a session record besides the session itself: when its id last changed
 * (on the filter's clock) and the client fingerprint of the request that signed it in.
 */
class SessionMetadataTest {

  private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

  private final FakeClock clock = new FakeClock();
  private final MemoryRepository memory = new MemoryRepository(100);
  @AutoClose
  private AppServer app;

  private void start(Settings.Builder builder) throws Exception {
    SessionFilter filter = new SessionFilter(builder.store(memory).clock(clock).principalAttribute("user").build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/create", (req, res) -> req.getSession(),
        "/rotate", (req, res) -> res.getWriter().print(req.changeSessionId()),
        "/login", (req, res) -> req.getSession().setAttribute("user", req.getParameter("u")),
        "/logout", (req, res) -> req.getSession().removeAttribute("user"),
        "/container-login", (req, res) -> {
          req.getSession();
          req.login(req.getParameter("u"), "secret");
        },
        "/read", (req, res) -> res.getWriter().print(req.getSession(false) != null))).behind(new LoginRealm()));
  }

  private void start() throws Exception {
    start(Settings.builder());
  }

  private SessionRecord stored(String id) {
    return memory.load(SessionIds.storeKey(id)).orElseThrow(() -> new AssertionError("no such session"));
  }

  /** A new anonymous session's id. */
  private String created() {
    return SetCookies.issuedId(get("/create", null));
  }

  private Response get(String path, String id) {
    return app.http(id).header("User-Agent", FIREFOX).get(path);
  }

  @Test
  void createWhenNewSessionThenNeitherIdChangeTimeNorClient() throws Exception {
    start();

    SessionRecord r = stored(created());

    assertThat(r.idChangedAt()).isNull();
    assertThat(r.client()).isNull();
  }

  @Test
  void changeSessionIdThenIdChangedAtIsTheFilterClockAtThatRequest() throws Exception {
    start();
    String id = created();
    clock.advance(Duration.ofMinutes(5));
    Instant rotatedAt = clock.instant();

    String newId = get("/rotate", id).asString();
    clock.advance(Duration.ofMinutes(1));

    assertThat(stored(newId).idChangedAt()).isEqualTo(rotatedAt);
  }

  @Test
  void signInOnStoredSessionThenFingerprintOfThatRequestStored() throws Exception {
    start();
    String id = created();

    String signedIn = SetCookies.issuedId(get("/login?u=alice", id));

    assertThat(stored(signedIn).client()).isEqualTo(new ClientFingerprint("127.0.0.0/24", "Firefox 133"));
  }

  @Test
  void signInOnStoredSessionThenIdChangedAtIsTheSignInTime() throws Exception {
    start();
    String id = created();
    clock.advance(Duration.ofMinutes(3));

    String signedIn = SetCookies.issuedId(get("/login?u=alice", id));

    assertThat(stored(signedIn).idChangedAt()).isEqualTo(clock.instant());
  }

  @Test
  void signInWhenSessionMadeInTheSameRequestThenFingerprintStored() throws Exception {
    start();

    String id = SetCookies.issuedId(get("/login?u=alice", null));

    assertThat(stored(id).client()).isEqualTo(new ClientFingerprint("127.0.0.0/24", "Firefox 133"));
  }

  @Test
  void signInWhenSessionLimitWritesItEarlyThenFingerprintStored() throws Exception {
    start(Settings.builder().maxSessionsPerUser(2));
    String id = created();

    String signedIn = SetCookies.issuedId(get("/login?u=alice", id));

    assertThat(stored(signedIn).client()).isEqualTo(new ClientFingerprint("127.0.0.0/24", "Firefox 133"));
  }

  @ParameterizedTest(name = "{0}: network {3}")
  @CsvSource(delimiter = '|', textBlock = """
      behind a trusted proxy: the forwarded client                | true  | 2001:db8:7:1::20 | 2001:db8:7::/48
      behind an untrusted proxy: the peer, forwarded one ignored  | false | 203.0.113.9      | 127.0.0.0/24""")
  void signInWhenForwardedForThenNetworkOfTheClientTheProxyRulesGive(String when, boolean trusted,
      String forwardedFor, String network) throws Exception {
    start(trusted ? Settings.builder().trustedProxies(List.of("127.0.0.1")) : Settings.builder());

    String id = SetCookies.issuedId(app.http().header("X-Forwarded-For", forwardedFor)
        .header("User-Agent", FIREFOX).get("/login?u=alice"));

    assertThat(stored(id).client().network()).isEqualTo(network);
  }

  @Test
  void containerLoginThenFingerprintStored() throws Exception {
    start();
    String id = created();

    String signedIn = SetCookies.issuedId(get("/container-login?u=alice", id));

    SessionRecord r = stored(signedIn);
    assertThat(r.principal()).isEqualTo("alice");
    assertThat(r.client()).isEqualTo(new ClientFingerprint("127.0.0.0/24", "Firefox 133"));
  }

  @Test
  void signOutByRemovingThePrincipalThenFingerprintCleared() throws Exception {
    start();
    String id = SetCookies.issuedId(get("/login?u=alice", null));

    String signedOut = SetCookies.issuedId(get("/logout", id));

    assertThat(stored(signedOut).principal()).isNull();
    assertThat(stored(signedOut).client()).isNull();
  }

  @Test
  void renewalThenIdChangedAtIsTheRenewalTime() throws Exception {
    start(Settings.builder().renewalInterval(Duration.ofMinutes(15)));
    String id = created();
    clock.advance(Duration.ofMinutes(16));

    String renewed = SetCookies.issuedId(get("/read", id));

    assertThat(stored(renewed).idChangedAt()).isEqualTo(clock.instant());
  }
}

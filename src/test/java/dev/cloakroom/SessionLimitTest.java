package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.LoginRealm;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code maxSessionsPerUser}: a user signing in once more than allowed loses the oldest session
 * ({@code end-oldest}) or gets {@link SessionLimitException} ({@code refuse}); without a limit a sign-in
 * costs what it always did. On the memory store, a fake clock between sign-ins, store calls counted.
 */
class SessionLimitTest {

  private final FakeClock clock = new FakeClock();
  private final CountingRepository repository = new CountingRepository(new MemoryRepository(1000));
  private final List<String> destroyed = new CopyOnWriteArrayList<>();
  private SessionFilter filter;
  @AutoClose
  private AppServer app;

  private void start(Settings.Builder builder) throws Exception {
    start(builder, null);
  }

  private void start(Settings.Builder builder, jakarta.servlet.Filter realm) throws Exception {
    HttpSessionListener listener = new HttpSessionListener() {
      @Override
      public void sessionDestroyed(HttpSessionEvent se) {
        destroyed.add(String.valueOf(se.getSession().getAttribute("device")));
      }
    };
    filter = new SessionFilter(builder.store(repository).clock(clock).principalAttribute("user").listener(listener)
        .build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
            "/touch", (req, res) -> req.getSession().setAttribute("device", req.getParameter("d")),
            "/login", (req, res) -> {
              HttpSession s = req.getSession();
              s.setAttribute("device", req.getParameter("d"));
              try {
                s.setAttribute("user", req.getParameter("u"));
                res.getWriter().print("welcome");
              } catch (SessionLimitException e) {
                res.getWriter().print("refused: " + e.getMessage());
              }
            },
            "/container-login", (req, res) -> {
              req.getSession().setAttribute("device", req.getParameter("d"));
              try {
                req.login(req.getParameter("u"), "secret");
                res.getWriter().print("welcome " + req.getRemoteUser());
              } catch (SessionLimitException e) {
                res.getWriter().print("refused, remote user " + req.getRemoteUser());
              }
            },
            "/who", (req, res) -> {
              HttpSession s = req.getSession(false);
              res.getWriter().print(s == null ? "none" : s.getAttribute("user") + "@" + s.getAttribute("device"));
            })).behind(realm));
  }

  /** Signs {@code user} in from a new device, a minute after the previous sign-in; the device's id. */
  private String signIn(String user, String device) {
    clock.advance(Duration.ofMinutes(1));
    return SetCookies.issuedId(app.http().get("/login?u=" + user + "&d=" + device));
  }

  private long count(SessionEvent event) {
    return filter.metrics().count(event);
  }

  @Test
  void signInWhenOneMoreThanAllowedThenOldestSessionEndedAndItsListenerFiredOnce() throws Exception {
    start(Settings.builder().maxSessionsPerUser(2));
    String laptop = signIn("alice", "laptop");
    String phone = signIn("alice", "phone");
    String tablet = signIn("alice", "tablet");

    assertThat(app.http(laptop).get("/who").asString()).isEqualTo("none");
    assertThat(app.http(phone).get("/who").asString()).isEqualTo("alice@phone");
    assertThat(app.http(tablet).get("/who").asString()).isEqualTo("alice@tablet");
    assertThat(destroyed).containsExactly("laptop");
    assertThat(count(SessionEvent.LIMIT_ENDED)).isEqualTo(1);
  }

  @Test
  void signInWhenAnotherUserHasSessionsThenOnlyThisUsersCount() throws Exception {
    start(Settings.builder().maxSessionsPerUser(1));
    String bob = signIn("bob", "bobs-laptop");
    String alice = signIn("alice", "laptop");

    assertThat(app.http(bob).get("/who").asString()).isEqualTo("bob@bobs-laptop");
    assertThat(app.http(alice).get("/who").asString()).isEqualTo("alice@laptop");
    assertThat(destroyed).isEmpty();
  }

  @Test
  void signInWhenAsManyDevicesAsAllowedThenAllLive() throws Exception {
    start(Settings.builder().maxSessionsPerUser(3));
    String[] ids = {signIn("alice", "a"), signIn("alice", "b"), signIn("alice", "c")};

    for (String id : ids) {
      assertThat(app.http(id).get("/who").asString()).startsWith("alice@");
    }
    assertThat(destroyed).isEmpty();
    assertThat(count(SessionEvent.LIMIT_ENDED)).isZero();
  }

  @Test
  void signInWhenRefusePolicyAndLimitReachedThenExceptionAndSessionAnonymousUnderNewId() throws Exception {
    start(Settings.builder().maxSessionsPerUser(1).sessionLimitPolicy(Settings.SessionLimitPolicy.REFUSE));
    String laptop = signIn("alice", "laptop");
    String phone = SetCookies.issuedId(app.http().get("/touch?d=phone"));

    Response r = app.http(phone).get("/login?u=alice&d=phone");

    assertThat(r.asString()).isEqualTo("refused: sign-in refused: the user holds 1 sessions already,"
        + " the most maxSessionsPerUser allows");
    String newId = SetCookies.issuedId(r);
    assertThat(newId).isNotEqualTo(phone);
    assertThat(app.http(newId).get("/who").asString()).isEqualTo("null@phone");
    assertThat(app.http(phone).get("/who").asString()).isEqualTo("none");
    assertThat(app.http(laptop).get("/who").asString()).isEqualTo("alice@laptop");
    assertThat(destroyed).isEmpty();
    assertThat(count(SessionEvent.LIMIT_REFUSED)).isEqualTo(1);
  }

  @Test
  void signInWhenRefusePolicyAndPlaceLeftThenSignedIn() throws Exception {
    start(Settings.builder().maxSessionsPerUser(2).sessionLimitPolicy(Settings.SessionLimitPolicy.REFUSE));
    String laptop = signIn("alice", "laptop");

    Response r = app.http().get("/login?u=alice&d=phone");

    assertThat(r.asString()).isEqualTo("welcome");
    assertThat(app.http(SetCookies.issuedId(r)).get("/who").asString()).isEqualTo("alice@phone");
    assertThat(app.http(laptop).get("/who").asString()).isEqualTo("alice@laptop");
  }

  @Test
  void loginWhenOneMoreThanAllowedThenOldestSessionEnded() throws Exception {
    start(Settings.builder().maxSessionsPerUser(1), new LoginRealm());
    String laptop = SetCookies.issuedId(app.http().get("/container-login?u=alice&d=laptop"));
    clock.advance(Duration.ofMinutes(1));
    Response phone = app.http().get("/container-login?u=alice&d=phone");

    assertThat(phone.asString()).isEqualTo("welcome alice");
    assertThat(app.http(laptop).get("/who").asString()).isEqualTo("none");
    assertThat(destroyed).containsExactly("laptop");
  }

  @Test
  void loginWhenRefusedThenExceptionAndContainerLoginUndone() throws Exception {
    start(Settings.builder().maxSessionsPerUser(1).sessionLimitPolicy(Settings.SessionLimitPolicy.REFUSE),
        new LoginRealm());
    String laptop = SetCookies.issuedId(app.http().get("/container-login?u=alice&d=laptop"));
    clock.advance(Duration.ofMinutes(1));

    Response phone = app.http().get("/container-login?u=alice&d=phone");

    assertThat(phone.asString()).isEqualTo("refused, remote user null");
    assertThat(count(SessionEvent.LIMIT_REFUSED)).isEqualTo(1);
    assertThat(app.http(laptop).get("/who").asString()).isEqualTo("null@laptop"); // login() names no attribute
    assertThat(destroyed).isEmpty();
  }

  @Test
  void signInWhenNoLimitThenNoStoreCallBeyondTodays() throws Exception {
    start(Settings.builder());
    String anonymous = SetCookies.issuedId(app.http().get("/touch?d=phone"));
    repository.reset();

    app.http().get("/login?u=alice&d=laptop");
    assertThat(repository.calls("create")).isEqualTo(1);
    assertThat(repository.total()).isEqualTo(1);

    repository.reset();
    app.http(anonymous).get("/login?u=alice&d=phone");
    assertThat(repository.calls("load")).isEqualTo(1);
    assertThat(repository.calls("changeKey")).isEqualTo(1);
    assertThat(repository.calls("save")).isEqualTo(1);
    assertThat(repository.total()).isEqualTo(3);
  }

  @Test
  void signInWhenLimitSetThenOneEarlyWriteAndOneListMore() throws Exception {
    start(Settings.builder().maxSessionsPerUser(2));
    String anonymous = SetCookies.issuedId(app.http().get("/touch?d=phone"));
    repository.reset();

    app.http().get("/login?u=alice&d=laptop");
    assertThat(repository.calls("create")).isEqualTo(1);
    assertThat(repository.calls("findByPrincipal")).isEqualTo(1);
    assertThat(repository.calls("save")).isEqualTo(1); // the commit
    assertThat(repository.total()).isEqualTo(3);

    repository.reset();
    app.http(anonymous).get("/login?u=alice&d=phone");
    assertThat(repository.calls("load")).isEqualTo(1);
    assertThat(repository.calls("changeKey")).isEqualTo(1);
    assertThat(repository.calls("save")).isEqualTo(2); // the sign-in at once, then the commit
    assertThat(repository.calls("findByPrincipal")).isEqualTo(1);
    assertThat(repository.total()).isEqualTo(5);
  }
}

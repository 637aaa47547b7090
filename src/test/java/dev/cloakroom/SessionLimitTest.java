package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.Clients;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.TestApp;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
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
  private TestApp app;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

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
    app = TestApp.start(builder.store(repository).clock(clock).principalAttribute("user").listener(listener).build(),
        Map.of(
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
            }), realm);
  }

  private Response get(String path, String sessionId) {
    return Clients.get(app.url(), path, sessionId);
  }

  /** Signs {@code user} in from a new device, a minute after the previous sign-in; the device's id. */
  private String signIn(String user, String device) {
    clock.advance(Duration.ofMinutes(1));
    return Clients.sessionId(get("/login?u=" + user + "&d=" + device, null));
  }

  private long count(SessionEvent event) {
    return app.filter().metrics().count(event);
  }

  @Test
  void signInWhenOneMoreThanAllowedThenOldestSessionEndedAndItsListenerFiredOnce() throws Exception {
    start(Settings.builder().maxSessionsPerUser(2));
    String laptop = signIn("alice", "laptop");
    String phone = signIn("alice", "phone");
    String tablet = signIn("alice", "tablet");

    assertThat(get("/who", laptop).asString()).isEqualTo("none");
    assertThat(get("/who", phone).asString()).isEqualTo("alice@phone");
    assertThat(get("/who", tablet).asString()).isEqualTo("alice@tablet");
    assertThat(destroyed).containsExactly("laptop");
    assertThat(count(SessionEvent.LIMIT_ENDED)).isEqualTo(1);
  }

  @Test
  void signInWhenAnotherUserHasSessionsThenOnlyThisUsersCount() throws Exception {
    start(Settings.builder().maxSessionsPerUser(1));
    String bob = signIn("bob", "bobs-laptop");
    String alice = signIn("alice", "laptop");

    assertThat(get("/who", bob).asString()).isEqualTo("bob@bobs-laptop");
    assertThat(get("/who", alice).asString()).isEqualTo("alice@laptop");
    assertThat(destroyed).isEmpty();
  }

  @Test
  void signInWhenAsManyDevicesAsAllowedThenAllLive() throws Exception {
    start(Settings.builder().maxSessionsPerUser(3));
    String[] ids = {signIn("alice", "a"), signIn("alice", "b"), signIn("alice", "c")};

    for (String id : ids) {
      assertThat(get("/who", id).asString()).startsWith("alice@");
    }
    assertThat(destroyed).isEmpty();
    assertThat(count(SessionEvent.LIMIT_ENDED)).isZero();
  }

  @Test
  void signInWhenRefusePolicyAndLimitReachedThenExceptionAndSessionAnonymousUnderNewId() throws Exception {
    start(Settings.builder().maxSessionsPerUser(1).sessionLimitPolicy(Settings.SessionLimitPolicy.REFUSE));
    String laptop = signIn("alice", "laptop");
    String phone = Clients.sessionId(get("/touch?d=phone", null));

    Response r = get("/login?u=alice&d=phone", phone);

    assertThat(r.asString()).isEqualTo("refused: sign-in refused: the user holds 1 sessions already,"
        + " the most maxSessionsPerUser allows");
    String newId = Clients.sessionId(r);
    assertThat(newId).isNotEqualTo(phone);
    assertThat(get("/who", newId).asString()).isEqualTo("null@phone");
    assertThat(get("/who", phone).asString()).isEqualTo("none");
    assertThat(get("/who", laptop).asString()).isEqualTo("alice@laptop");
    assertThat(destroyed).isEmpty();
    assertThat(count(SessionEvent.LIMIT_REFUSED)).isEqualTo(1);
  }

  @Test
  void signInWhenRefusePolicyAndPlaceLeftThenSignedIn() throws Exception {
    start(Settings.builder().maxSessionsPerUser(2).sessionLimitPolicy(Settings.SessionLimitPolicy.REFUSE));
    String laptop = signIn("alice", "laptop");

    Response r = get("/login?u=alice&d=phone", null);

    assertThat(r.asString()).isEqualTo("welcome");
    assertThat(get("/who", Clients.sessionId(r)).asString()).isEqualTo("alice@phone");
    assertThat(get("/who", laptop).asString()).isEqualTo("alice@laptop");
  }

  /** The container's side of {@code request.login}: any user with the password "secret". */
  private static final class Realm implements jakarta.servlet.Filter {
    @Override
    public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
        jakarta.servlet.FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
      chain.doFilter(new jakarta.servlet.http.HttpServletRequestWrapper((jakarta.servlet.http.HttpServletRequest) request) {
        private String user;

        @Override
        public void login(String username, String password) throws jakarta.servlet.ServletException {
          if (!"secret".equals(password)) {
            throw new jakarta.servlet.ServletException("bad credentials");
          }
          user = username;
        }

        @Override
        public void logout() {
          user = null;
        }

        @Override
        public String getRemoteUser() {
          return user;
        }

        @Override
        public java.security.Principal getUserPrincipal() {
          String name = user;
          return name == null ? null : () -> name;
        }
      }, response);
    }
  }

  @Test
  void loginWhenOneMoreThanAllowedThenOldestSessionEnded() throws Exception {
    start(Settings.builder().maxSessionsPerUser(1), new Realm());
    String laptop = Clients.sessionId(get("/container-login?u=alice&d=laptop", null));
    clock.advance(Duration.ofMinutes(1));
    Response phone = get("/container-login?u=alice&d=phone", null);

    assertThat(phone.asString()).isEqualTo("welcome alice");
    assertThat(get("/who", laptop).asString()).isEqualTo("none");
    assertThat(destroyed).containsExactly("laptop");
  }

  @Test
  void loginWhenRefusedThenExceptionAndContainerLoginUndone() throws Exception {
    start(Settings.builder().maxSessionsPerUser(1).sessionLimitPolicy(Settings.SessionLimitPolicy.REFUSE), new Realm());
    String laptop = Clients.sessionId(get("/container-login?u=alice&d=laptop", null));
    clock.advance(Duration.ofMinutes(1));

    Response phone = get("/container-login?u=alice&d=phone", null);

    assertThat(phone.asString()).isEqualTo("refused, remote user null");
    assertThat(count(SessionEvent.LIMIT_REFUSED)).isEqualTo(1);
    assertThat(get("/who", laptop).asString()).isEqualTo("null@laptop"); // login() names no attribute
    assertThat(destroyed).isEmpty();
  }

  @Test
  void signInWhenNoLimitThenNoStoreCallBeyondTodays() throws Exception {
    start(Settings.builder());
    String anonymous = Clients.sessionId(get("/touch?d=phone", null));
    repository.reset();

    get("/login?u=alice&d=laptop", null);
    assertThat(repository.calls("create")).isEqualTo(1);
    assertThat(repository.total()).isEqualTo(1);

    repository.reset();
    get("/login?u=alice&d=phone", anonymous);
    assertThat(repository.calls("load")).isEqualTo(1);
    assertThat(repository.calls("changeKey")).isEqualTo(1);
    assertThat(repository.calls("save")).isEqualTo(1);
    assertThat(repository.total()).isEqualTo(3);
  }

  @Test
  void signInWhenLimitSetThenOneEarlyWriteAndOneListMore() throws Exception {
    start(Settings.builder().maxSessionsPerUser(2));
    String anonymous = Clients.sessionId(get("/touch?d=phone", null));
    repository.reset();

    get("/login?u=alice&d=laptop", null);
    assertThat(repository.calls("create")).isEqualTo(1);
    assertThat(repository.calls("findByPrincipal")).isEqualTo(1);
    assertThat(repository.calls("save")).isEqualTo(1); // the commit
    assertThat(repository.total()).isEqualTo(3);

    repository.reset();
    get("/login?u=alice&d=phone", anonymous);
    assertThat(repository.calls("load")).isEqualTo(1);
    assertThat(repository.calls("changeKey")).isEqualTo(1);
    assertThat(repository.calls("save")).isEqualTo(2); // the sign-in at once, then the commit
    assertThat(repository.calls("findByPrincipal")).isEqualTo(1);
    assertThat(repository.total()).isEqualTo(5);
  }
}

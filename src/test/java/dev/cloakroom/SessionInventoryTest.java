package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** "Your devices": list, revoke one, sign out everywhere else, everywhere. */
class SessionInventoryTest {

  private final FakeClock clock = new FakeClock();
  private final List<String> destroyed = new CopyOnWriteArrayList<>();
  @AutoClose
  private AppServer app;

  @BeforeEach
  void start() throws Exception {
    HttpSessionListener listener = new HttpSessionListener() {
      @Override
      public void sessionDestroyed(HttpSessionEvent se) {
        destroyed.add(String.valueOf(se.getSession().getAttribute("user")));
      }
    };
    SessionFilter filter = new SessionFilter(Settings.builder().store(new MemoryRepository(100)).clock(clock)
        .principalAttribute("user").listener(listener).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/login", (req, res) -> req.getSession().setAttribute("user", req.getParameter("u")),
        "/devices", (req, res) -> res.getWriter().print(SessionInventory.of(req)
            .map(i -> i.devices().stream().map(d -> d.handle() + (d.current() ? "*" : "")).collect(Collectors.joining(",")))
            .orElse("anonymous")),
        "/revoke", (req, res) -> res.getWriter().print(SessionInventory.of(req).orElseThrow().revoke(req.getParameter("h"))),
        "/others", (req, res) -> res.getWriter().print(SessionInventory.of(req).orElseThrow().revokeOthers()),
        "/all", (req, res) -> res.getWriter().print(SessionInventory.of(req).orElseThrow().revokeAll()),
        "/this-device", (req, res) -> res.getWriter().print(SessionInventory.of(req).orElseThrow().devices().stream()
            .filter(SessionInventory.Device::current)
            .map(d -> d.browser() + "|" + d.network() + "|" + d.idChangedAt()).findFirst().orElse("?")),
        "/who-creates", (req, res) -> req.getSession(),
        "/who", (req, res) -> {
          HttpSession s = req.getSession(false);
          res.getWriter().print(s == null ? "none" : s.getAttribute("user"));
        })));
  }

  /** The handle the inventory marks as the session of {@code id}. */
  private String currentHandle(String id) {
    for (String h : app.http(id).get("/devices").asString().split(",")) {
      if (h.endsWith("*")) {
        return h.substring(0, h.length() - 1);
      }
    }
    throw new AssertionError("no current device");
  }

  private String login(String user) {
    return SetCookies.issuedId(app.http().get("/login?u=" + user));
  }

  @Test
  void devicesWhenUserHasThreeSessionsThenListsThemAndMarksThisOne() {
    String laptop = login("alice");
    login("alice");
    login("bob");
    String[] handles = app.http(laptop).get("/devices").asString().split(",");
    assertThat(handles).hasSize(2);
    assertThat(handles).filteredOn(h -> h.endsWith("*")).hasSize(1);
    assertThat(String.join(",", handles)).doesNotContain(laptop);
  }

  @Test
  void devicesWhenSignedInThenBrowserNetworkAndIdChangeTimeOfTheSignIn() {
    clock.advance(java.time.Duration.ofMinutes(7));
    String id = SetCookies.issuedId(app.http().header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0)"
        + " Gecko/20100101 Firefox/133.0").get("/login?u=alice"));

    assertThat(app.http(id).get("/this-device").asString()).isEqualTo("Firefox 133|127.0.0.0/24|null");
  }

  @Test
  void devicesWhenIdChangedThenItsTime() {
    String anonymous = SetCookies.issuedId(app.http().get("/who-creates"));
    clock.advance(java.time.Duration.ofMinutes(7));
    String id = SetCookies.issuedId(app.http(anonymous).get("/login?u=alice"));

    assertThat(app.http(id).get("/this-device").asString()).endsWith("|" + clock.instant());
  }

  @Test
  void devicesWhenAnonymousThenEmpty() {
    String id = SetCookies.issuedId(app.http().get("/login"));
    assertThat(app.http(id).get("/devices").asString()).isEqualTo("anonymous");
  }

  @Test
  void revokeOthersWhenCalledThenOtherDevicesSignedOutAndDestroyedFired() {
    String laptop = login("alice");
    String phone = login("alice");
    String bob = login("bob");
    assertThat(app.http(laptop).get("/others").asString()).isEqualTo("1");
    assertThat(app.http(phone).get("/who").asString()).isEqualTo("none");
    assertThat(app.http(laptop).get("/who").asString()).isEqualTo("alice");
    assertThat(app.http(bob).get("/who").asString()).isEqualTo("bob");
    assertThat(destroyed).containsExactly("alice");
  }

  @ParameterizedTest(name = "a device of {0}: revoked={1}, it then shows {2}")
  @CsvSource({"bob, false, bob", "alice, true, none"})
  void revokeWhenHandleIsAnotherDeviceThenSignedOutOnlyWhenItIsTheUsersOwn(String owner, boolean revoked,
      String otherDeviceShows) {
    String laptop = login("alice");
    String other = login(owner);
    String handle = currentHandle(other);
    assertThat(app.http(laptop).get("/revoke?h=" + handle).asString()).isEqualTo(String.valueOf(revoked));
    assertThat(app.http(other).get("/who").asString()).isEqualTo(otherDeviceShows);
    assertThat(app.http(laptop).get("/who").asString()).isEqualTo("alice");
  }

  @Test
  void revokeAllWhenCalledThenEverySessionOfTheUserGoneAndCookieCleared() {
    String laptop = login("alice");
    String phone = login("alice");
    Response r = app.http(laptop).get("/all");
    assertThat(r.asString()).isEqualTo("2");
    assertThat(r.getHeader("Set-Cookie")).startsWith("SID=; Path=/; Max-Age=0;");
    assertThat(app.http(phone).get("/who").asString()).isEqualTo("none");
    assertThat(app.http(laptop).get("/who").asString()).isEqualTo("none");
  }
}

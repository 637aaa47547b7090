package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.Clients;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.TestApp;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Your devices": list, revoke one, sign out everywhere else, everywhere. */
class SessionInventoryTest {


  private final FakeClock clock = new FakeClock();
  private final List<String> destroyed = new CopyOnWriteArrayList<>();
  private TestApp app;

  @BeforeEach
  void start() throws Exception {
    HttpSessionListener listener = new HttpSessionListener() {
      @Override
      public void sessionDestroyed(HttpSessionEvent se) {
        destroyed.add(String.valueOf(se.getSession().getAttribute("user")));
      }
    };
    app = TestApp.start(Settings.builder().store(new MemoryRepository(100)).clock(clock).principalAttribute("user")
        .listener(listener).build(), Map.of(
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
        }));
  }

  @AfterEach
  void stop() throws Exception {
    app.close();
  }

  private Response get(String path, String sessionId) {
    return Clients.get(app.url(), path, sessionId);
  }

  private static String idOf(Response r) {
    return Clients.sessionId(r);
  }

  /** The handle the inventory marks as the session of {@code id}. */
  private String currentHandle(String id) {
    for (String h : get("/devices", id).asString().split(",")) {
      if (h.endsWith("*")) {
        return h.substring(0, h.length() - 1);
      }
    }
    throw new AssertionError("no current device");
  }

  private String login(String user) {
    return idOf(get("/login?u=" + user, null));
  }

  @Test
  void devicesWhenUserHasThreeSessionsThenListsThemAndMarksThisOne() {
    String laptop = login("alice");
    login("alice");
    login("bob");
    String[] handles = get("/devices", laptop).asString().split(",");
    assertThat(handles).hasSize(2);
    assertThat(handles).filteredOn(h -> h.endsWith("*")).hasSize(1);
    assertThat(String.join(",", handles)).doesNotContain(laptop);
  }

  @Test
  void devicesWhenSignedInThenBrowserNetworkAndIdChangeTimeOfTheSignIn() {
    clock.advance(java.time.Duration.ofMinutes(7));
    String id = idOf(given().baseUri(app.url()).header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0)"
        + " Gecko/20100101 Firefox/133.0").get("/login?u=alice"));

    assertThat(get("/this-device", id).asString()).isEqualTo("Firefox 133|127.0.0.0/24|null");
  }

  @Test
  void devicesWhenIdChangedThenItsTime() {
    String anonymous = idOf(given().baseUri(app.url()).get("/who-creates"));
    clock.advance(java.time.Duration.ofMinutes(7));
    String id = idOf(get("/login?u=alice", anonymous));

    assertThat(get("/this-device", id).asString()).endsWith("|" + clock.instant());
  }

  @Test
  void devicesWhenAnonymousThenEmpty() {
    String id = idOf(given().baseUri(app.url()).get("/login"));
    assertThat(get("/devices", id).asString()).isEqualTo("anonymous");
  }

  @Test
  void revokeOthersWhenCalledThenOtherDevicesSignedOutAndDestroyedFired() {
    String laptop = login("alice");
    String phone = login("alice");
    String bob = login("bob");
    assertThat(get("/others", laptop).asString()).isEqualTo("1");
    assertThat(get("/who", phone).asString()).isEqualTo("none");
    assertThat(get("/who", laptop).asString()).isEqualTo("alice");
    assertThat(get("/who", bob).asString()).isEqualTo("bob");
    assertThat(destroyed).containsExactly("alice");
  }

  @Test
  void revokeWhenHandleIsAnotherUsersThenRefused() {
    String alice = login("alice");
    String bob = login("bob");
    String bobsHandle = currentHandle(bob);
    assertThat(get("/revoke?h=" + bobsHandle, alice).asString()).isEqualTo("false");
    assertThat(get("/who", bob).asString()).isEqualTo("bob");
  }

  @Test
  void revokeWhenHandleIsOwnOtherDeviceThenThatDeviceSignedOut() {
    String laptop = login("alice");
    String phone = login("alice");
    String handle = currentHandle(phone);
    assertThat(get("/revoke?h=" + handle, laptop).asString()).isEqualTo("true");
    assertThat(get("/who", phone).asString()).isEqualTo("none");
    assertThat(get("/who", laptop).asString()).isEqualTo("alice");
  }

  @Test
  void revokeAllWhenCalledThenEverySessionOfTheUserGoneAndCookieCleared() {
    String laptop = login("alice");
    String phone = login("alice");
    Response r = get("/all", laptop);
    assertThat(r.asString()).isEqualTo("2");
    assertThat(r.getHeader("Set-Cookie")).startsWith("SID=; Path=/; Max-Age=0;");
    assertThat(get("/who", phone).asString()).isEqualTo("none");
    assertThat(get("/who", laptop).asString()).isEqualTo("none");
  }
}

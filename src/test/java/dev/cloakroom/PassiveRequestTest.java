package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.Servlets;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10, item 3: passive requests (a configured path, or a configured header) read the session but do
 * not extend its idle timer and write nothing on their own: no touch, no renewal, no cookie, no delete.
 * Settings: idle timeout 2 minutes (touches every 30 s), {@code passivePaths=/api/poll, /status/*},
 * {@code passiveHeader=X-Passive}.
 */
class PassiveRequestTest {

  private static final Duration IDLE = Duration.ofMinutes(2);

  private final FakeClock clock = new FakeClock();
  private final CountingRepository store = new CountingRepository(new MemoryRepository(1000));
  @AutoClose
  private AppServer app;

  private void start() throws Exception {
    Servlets.Handler read = (req, res) -> {
      HttpSession s = req.getSession(false);
      res.getWriter().print(s == null ? "none" : String.valueOf(s.getAttribute("n")));
    };
    SessionFilter filter = new SessionFilter(Settings.builder().store(store).clock(clock).idleTimeout(IDLE)
        .sweepInterval(Duration.ofHours(24)).passivePaths(List.of("/api/poll", "/status/*")).passiveHeader("X-Passive")
        .build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/set", (req, res) -> req.getSession().setAttribute("n", req.getParameter("v")),
        "/read", read,
        "/api/poll", read,
        "/status/*", read,
        "/api/poll-and-set", (req, res) -> req.getSession().setAttribute("polled", "yes"))));
  }

  /** Starts the app; a session holding n=x. */
  private String startedWithASession() throws Exception {
    start();
    return SetCookies.issuedId(app.http().get("/set?v=x"));
  }

  private Response passiveByHeader(String path, String id) {
    return app.http(id).header("X-Passive", "1").get(path);
  }

  /** Sends {@code poll} every 10 s, {@code times} times; the answers, and the write calls they made. */
  private List<String> pollEveryTenSeconds(java.util.function.Supplier<Response> poll, int times) {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      clock.advance(Duration.ofSeconds(10));
      Response r = poll.get();
      assertThat(r.getHeader("Set-Cookie")).as("a passive request never sends a cookie").isNull();
      answers.add(r.asString());
    }
    return answers;
  }

  private int writes() {
    return store.calls("save") + store.calls("create") + store.calls("changeKey") + store.calls("delete");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a passive path           | /api/poll      | false
      the passive header       | /read          | true
      a passive prefix pattern | /status/unread | false""")
  void pollingPassivelyEveryTenSecondsThenSessionExpiresAtIdleTimeoutAfterLastOrdinaryRequest(String by,
      String path, boolean header) throws Exception {
    String id = startedWithASession();
    store.reset();

    List<String> answers = pollEveryTenSeconds(() -> header ? passiveByHeader(path, id) : app.http(id).get(path), 13);

    assertThat(answers.subList(0, 11)).as("10 s to 110 s").containsOnly("x");
    assertThat(answers.subList(11, 13)).as("120 s and 130 s: the idle timeout has passed").containsOnly("none");
    assertThat(writes()).as("save, create, changeKey and delete calls").isZero();
  }

  @Test
  void readWhenOrdinaryPathThenTouchedAsUsual() throws Exception {
    String id = startedWithASession();
    store.reset();

    List<String> answers = pollEveryTenSeconds(() -> app.http(id).get("/read"), 13);

    assertThat(answers).as("the same clicks on an ordinary path keep it alive").containsOnly("x");
    assertThat(store.calls("save")).isEqualTo(4); // at 30, 60, 90 and 120 s: a quarter of the idle timeout
  }

  @Test
  void passiveRequestWhenSessionHasAttributesThenReadsThem() throws Exception {
    String id = startedWithASession();

    assertThat(app.http(id).get("/api/poll").asString()).isEqualTo("x");
    assertThat(passiveByHeader("/read", id).asString()).isEqualTo("x");
  }

  @Test
  void ordinaryRequestAfterPollingThenIdleTimerCountsFromTheLastOrdinaryOne() throws Exception {
    String id = startedWithASession();
    Instant created = clock.instant();
    pollEveryTenSeconds(() -> app.http(id).get("/api/poll"), 11);

    assertThat(app.http(id).get("/read").asString()).isEqualTo("x"); // at 110 s

    Instant last = store.load(SessionIds.storeKey(id)).orElseThrow().lastAccessedAt();
    assertThat(last).isEqualTo(created.plusSeconds(110));
  }

  /**
   * What the app changes in a passive request is not silently dropped: it is written, without a touch,
   * so the idle timer still does not move.
   */
  @Test
  void setAttributeWhenPassiveThenWrittenWithoutMovingTheIdleTimer() throws Exception {
    String id = startedWithASession();
    Instant created = clock.instant();
    clock.advance(Duration.ofSeconds(50));
    store.reset();

    Response r = app.http(id).header("X-Passive", "")
        .get("/api/poll-and-set");

    assertThat(r.getHeader("Set-Cookie")).isNull();
    assertThat(store.calls("save")).isEqualTo(1);
    SessionRecord stored = store.load(SessionIds.storeKey(id)).orElseThrow();
    assertThat(stored.lastAccessedAt()).isEqualTo(created);
    assertThat(stored.attributes()).containsKey("polled");
    clock.advance(Duration.ofSeconds(70)); // 120 s after the last ordinary request
    assertThat(app.http(id).get("/read").asString()).isEqualTo("none");
  }

  /** getSession() must return a session in any request: a passive one creates it as usual. */
  @Test
  void getSessionWhenPassiveAndNoSessionThenCreatedWithItsCookie() throws Exception {
    start();

    Response r = app.http().get("/api/poll-and-set");

    assertThat(SetCookies.issuedId(r)).isNotNull();
    assertThat(store.calls("create")).isEqualTo(1);
  }

  @Test
  void passiveRequestWhenSessionExpiredThenAbsentAndLeftToTheSweeper() throws Exception {
    String id = startedWithASession();
    clock.advance(IDLE);
    store.reset();

    assertThat(app.http(id).get("/api/poll").asString()).isEqualTo("none");

    assertThat(store.calls("delete")).isZero();
    assertThat(app.http(id).get("/read").asString()).isEqualTo("none");
    assertThat(store.calls("delete")).as("the next ordinary request deletes it").isEqualTo(1);
  }

  @Test
  void passiveHeaderWhenAbsentThenOrdinaryRequest() throws Exception {
    String id = startedWithASession();
    clock.advance(Duration.ofSeconds(30));
    store.reset();

    app.http(id).get("/read");

    assertThat(store.calls("save")).isEqualTo(1);
  }
}

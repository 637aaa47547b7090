package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.FakeClock;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 7, case 1: sliding expiry holds for every idle timeout. A session's touch interval is the
 * smaller of {@code touchInterval} and a quarter of its own idle timeout, so a user who keeps clicking
 * is never signed out, however short the idle timeout, and {@code touchInterval} never makes a short
 * idle timeout fail to start.
 */
class SlidingExpiryTest {

  private final FakeClock clock = new FakeClock();
  private final MemoryRepository memory = new MemoryRepository(1000);
  @AutoClose
  private AppServer app;

  private void start(Settings.Builder builder) throws Exception {
    SessionFilter filter = new SessionFilter(builder.store(memory).clock(clock).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/short", (req, res) -> {
          HttpSession s = req.getSession();
          s.setAttribute("n", "x");
          s.setMaxInactiveInterval(Integer.parseInt(req.getParameter("seconds")));
        },
        "/read", (req, res) -> {
          HttpSession s = req.getSession(false);
          res.getWriter().print(s == null ? "none" : String.valueOf(s.getAttribute("n")));
        })));
  }

  /** Starts the app on the defaults; a session whose max inactive interval is {@code seconds}. */
  private String sessionInactiveAfter(int seconds) throws Exception {
    start(Settings.builder());
    return SetCookies.issuedId(app.http().get("/short?seconds=" + seconds));
  }

  /** Clicks {@code times} times, {@code every} apart; the answers of /read. */
  private String clicks(String id, Duration every, int times) {
    StringBuilder answers = new StringBuilder();
    for (int i = 0; i < times; i++) {
      clock.advance(every);
      answers.append(app.http(id).get("/read").asString()).append(' ');
    }
    return answers.toString().trim();
  }

  @ParameterizedTest(name = "{0}: clicks every {3} keep it alive")
  @CsvSource(delimiter = '|', textBlock = """
      maxInactiveInterval 3s                                         |      | 3  | PT2S
      maxInactiveInterval equal to the touch interval                |      | 60 | PT59S
      idleTimeout 1s (the app starts) and the default touch interval | PT1S | 1  | PT0.7S""")
  void clickingWithinTheIdleTimeoutThenSessionStaysAlive(String when, Duration idleTimeout, int maxInactiveSeconds,
      Duration every) throws Exception {
    start(idleTimeout == null ? Settings.builder() : Settings.builder().idleTimeout(idleTimeout));
    String id = SetCookies.issuedId(app.http().get("/short?seconds=" + maxInactiveSeconds));

    assertThat(clicks(id, every, 10)).isEqualTo("x x x x x x x x x x");
  }

  @Test
  void idleWhenQuarterOfIdleTimeoutPassedThenLastAccessWritten() throws Exception {
    String id = sessionInactiveAfter(60);
    clock.advance(Duration.ofSeconds(15));

    app.http(id).get("/read");

    assertThat(memory.load(SessionIds.storeKey(id)).orElseThrow().lastAccessedAt()).isEqualTo(clock.instant());
  }

  @Test
  void idleWhenLessThanQuarterOfIdleTimeoutPassedThenNoWrite() throws Exception {
    String id = sessionInactiveAfter(60);
    var before = memory.load(SessionIds.storeKey(id)).orElseThrow().lastAccessedAt();
    clock.advance(Duration.ofSeconds(14));

    app.http(id).get("/read");

    assertThat(memory.load(SessionIds.storeKey(id)).orElseThrow().lastAccessedAt()).isEqualTo(before);
  }

  @Test
  void idleWhenFullIdleTimeoutPassedThenSessionExpires() throws Exception {
    String id = sessionInactiveAfter(3);
    clock.advance(Duration.ofSeconds(3));

    assertThat(app.http(id).get("/read").asString()).isEqualTo("none");
  }
}

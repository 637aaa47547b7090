package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.metrics.CloakroomMeterBinder;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.restassured.response.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a whole session life (create, sign-in, id change, forged ids, expiry, sweep, store failure)
 * with every log line of the library captured at DEBUG, and the metrics bound to a Micrometer registry:
 * no raw session id from any {@code Set-Cookie}, nor any id a client sent, is in a log line, an MDC value
 * or a meter's name or tags.
 */
class NoRawIdsTest {

  @Test
  void wholeSessionLifeThenNoRawIdInLogsMdcOrMeters() throws Exception {
    FakeClock clock = new FakeClock();
    CountingRepository store = new CountingRepository(new MemoryRepository(100));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<String> ids = new ArrayList<>();
    List<String> lines;
    String rotated;
    SessionFilter filter = new SessionFilter(Settings.builder().store(store).clock(clock).principalAttribute("user")
        .anomalyRejectedPerMinute(1).sweepInterval(Duration.ofHours(24)).build());
    try (CapturedLogs logs = new CapturedLogs();
        AppServer app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
            "/set", (req, res) -> req.getSession().setAttribute("n", "v"),
            "/login", (req, res) -> req.getSession().setAttribute("user", "alice"),
            "/rotate", (req, res) -> req.changeSessionId(),
            "/read", (req, res) -> res.getWriter().print(req.getSession(false) != null))))) {
      CloakroomMeterBinder binder = new CloakroomMeterBinder(filter.metrics());
      binder.bindTo(registry);

      String first = SetCookies.issuedId(app.http().get("/set"));
      String signedIn = SetCookies.issuedId(app.http(first).get("/login"));
      rotated = SetCookies.issuedId(app.http(signedIn).get("/rotate"));
      String forged = SessionIds.generate(new SecureRandom());
      Response afterForged = app.http(forged).get("/set"); // unknown: a new session instead
      String replacement = SetCookies.issuedId(afterForged);
      String malformed = forged.substring(1) + "!";
      app.http(malformed).get("/read");
      clock.advance(Duration.ofMinutes(31));
      app.http(rotated).get("/read"); // expired on access
      filter.sweep(); // the forged request's replacement, expired in the store
      store.failOn("create", () -> new dev.cloakroom.store.StoreException("disk full"));
      app.http().get("/set");
      ids.addAll(List.of(first, signedIn, rotated, forged, replacement, malformed));
      ids.addAll(List.of(SessionIds.storeKey(first), SessionIds.storeKey(rotated)));

      lines = logs.lines();
      assertThat(registry.getMeters()).isNotEmpty();
      for (Meter meter : registry.getMeters()) {
        String shown = meter.getId().toString();
        assertThat(ids).as(shown).noneMatch(shown::contains);
      }
      binder.close();
    }

    assertThat(lines).as("the flow logged at DEBUG").hasSizeGreaterThan(10);
    assertThat(lines).as("the MDC carried tags").anyMatch(l -> l.contains("idTag=" + IdTag.of(rotated)));
    for (String line : lines) {
      assertThat(ids).as(line).noneMatch(line::contains);
    }
    assertThat(lines).anyMatch(l -> l.contains(" session anomaly address=127.0.0.1"));
  }
}

package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.Servlets;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.RecordingAnomalyListener;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 2, over HTTP: the anomaly signals count against the client address the trusted-proxy
 * rules give, and the listener can neither fail nor change a request. Threshold: 2 rejected ids a minute.
 */
class AnomalySignalsTest {

  private final FakeClock clock = new FakeClock();
  private final RecordingAnomalyListener listener = new RecordingAnomalyListener();
  private SessionFilter filter;
  @AutoClose
  private AppServer app;

  private static final Map<String, Servlets.Handler> HANDLERS = Map.of(
      "/read", (req, res) -> res.getWriter().print(req.getSession(false) == null ? "none" : "some"));

  private void start(Settings.Builder settings) throws Exception {
    filter = new SessionFilter(settings.clock(clock).store(new MemoryRepository(100)).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, HANDLERS));
  }

  /** Starts with the threshold of 2 rejected ids a minute, telling {@link #listener}, trusting {@code proxies}. */
  private void startTelling(List<String> proxies) throws Exception {
    start(Settings.builder().anomalyRejectedPerMinute(2).anomalyListener(listener).trustedProxies(proxies));
  }

  /** A request with a malformed session cookie and the given {@code X-Forwarded-For}. */
  private Response forged(String forwardedFor) {
    return app.http("forged").header("X-Forwarded-For", forwardedFor).get("/read");
  }

  /** Three forged requests from {@code forwardedFor}: one more than the threshold. */
  private void forgedThrice(String forwardedFor) {
    for (int i = 0; i < 3; i++) {
      forged(forwardedFor);
    }
  }

  @Test
  void forwardedForFromAnUntrustedPeerThenTheBurstCountsAgainstThePeer() throws Exception {
    startTelling(List.of());

    for (int i = 0; i < 3; i++) {
      forged("203.0.113." + i); // a different spoofed client each time
    }

    assertThat(listener.told()).singleElement().satisfies(a -> {
      assertThat(a.address()).isEqualTo("127.0.0.1");
      assertThat(a.rejected()).isEqualTo(3);
    });
  }

  @Test
  void forwardedForFromATrustedProxyThenTheBurstCountsAgainstTheClient() throws Exception {
    startTelling(List.of("127.0.0.1"));

    forgedThrice("203.0.113.9");

    assertThat(listener.told()).singleElement()
        .satisfies(a -> assertThat(a.address()).isEqualTo("203.0.113.9"));
  }

  @Test
  void forwardedForFromATrustedProxyNamingManyClientsThenNoBurst() throws Exception {
    startTelling(List.of("127.0.0.1"));

    for (int i = 0; i < 30; i++) {
      forged("203.0.113." + i);
    }

    assertThat(listener.told()).isEmpty();
  }

  @Test
  void listenerThrowsThenTheRequestIsAnsweredAsUsualAndTheFailureLogged() throws Exception {
    start(Settings.builder().anomalyRejectedPerMinute(2).anomalyListener(a -> {
      throw new IllegalStateException("alerting is down");
    }));

    try (CapturedLogs logs = new CapturedLogs()) {
      forged("x");
      forged("x");
      Response crossing = forged("x");

      assertThat(crossing.statusCode()).isEqualTo(200);
      assertThat(crossing.asString()).isEqualTo("none");
      assertThat(logs.lines()).anyMatch(l -> l.contains(" anomaly listener failed class=")
          && l.contains("reason=java.lang.IllegalStateException: alerting is down"));
    }
    assertThat(filter.metrics().count(SessionEvent.ANOMALY)).isEqualTo(1);
  }

  @Test
  void listenerNamedByParameterThenMadeOnceAndTold() throws Exception {
    RecordingAnomalyListener.ALL.clear();
    start(Settings.fromParams(Map.of("anomalyRejectedPerMinute", "2",
        "anomalyListener", RecordingAnomalyListener.class.getName())).toBuilder());

    forgedThrice("x");

    assertThat(RecordingAnomalyListener.all()).singleElement()
        .satisfies(a -> assertThat(a.address()).isEqualTo("127.0.0.1"));
  }

  @Test
  void bothThresholdsOffThenNoWarnWhateverTheVolume() throws Exception {
    start(Settings.builder().anomalyRejectedPerMinute(0).anomalyCreatedPerMinute(0));

    try (CapturedLogs logs = new CapturedLogs()) {
      for (int i = 0; i < 50; i++) {
        forged("x");
      }

      assertThat(logs.lines()).noneMatch(l -> l.contains(" session anomaly"));
    }
    assertThat(filter.metrics().count(SessionEvent.ANOMALY)).isZero();
  }
}

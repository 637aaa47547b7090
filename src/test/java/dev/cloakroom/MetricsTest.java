package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.codec.AttributeCodec;
import dev.cloakroom.codec.Codecs;
import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.Servlets;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.event.SessionMetrics.Operation;
import dev.cloakroom.event.SessionMetrics.Outcome;
import dev.cloakroom.event.SessionMetrics;
import dev.cloakroom.metrics.CloakroomMeterBinder;
import dev.cloakroom.store.Breaker;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.StoreException;
import dev.cloakroom.store.StoreUnavailableException;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 11, item 1: each metric moves as it should, read through Micrometer (a {@link SimpleMeterRegistry}
 * bound with {@link CloakroomMeterBinder}) and over JMX. A {@link FakeClock}; a {@link CountingRepository}
 * that can fail or take time on demand.
 */
class MetricsTest {

  /** The built-in Java codec, as the filter makes it by default. */
  private static final AttributeCodec JAVA = Codecs.open(List.of("java"), null, null);

  private final FakeClock clock = new FakeClock();
  private final MemoryRepository memory = new MemoryRepository(1000);
  private final CountingRepository repository = new CountingRepository(memory);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private SessionFilter filter;
  private AppServer app;
  private CloakroomMeterBinder binder;

  @AfterEach
  void stop() throws Exception {
    try (AppServer closedLast = app; CloakroomMeterBinder closedFirst = binder) {
      // try-with-resources closes the binder, then the app, and passes over either when null
    }
  }

  private static final Map<String, Servlets.Handler> HANDLERS = Map.of(
      "/touch", (req, res) -> req.getSession(),
      "/set", (req, res) -> req.getSession().setAttribute("n", req.getParameter("v")),
      "/read", (req, res) -> {
        HttpSession s = req.getSession(false);
        res.getWriter().print(s == null ? "none" : String.valueOf(s.getAttribute("n")));
      },
      "/rotate", (req, res) -> req.changeSessionId(),
      "/invalidate", (req, res) -> req.getSession().invalidate(),
      "/login", (req, res) -> req.getSession().setAttribute("user", req.getParameter("u")),
      "/plain", (req, res) -> res.getWriter().print("ok"));

  private void start(Settings.Builder settings) throws Exception {
    filter = new SessionFilter(settings.clock(clock).sweepInterval(Duration.ofHours(24)).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, HANDLERS));
    binder = new CloakroomMeterBinder(metrics());
    binder.bindTo(registry);
  }

  private void start() throws Exception {
    start(Settings.builder().store(repository).principalAttribute("user"));
  }

  private SessionMetrics metrics() {
    return filter.metrics();
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  private String newSession() {
    return SetCookies.issuedId(app.http().get("/set?v=a"));
  }

  // ---- counters

  @Test
  void newSessionThenCreatedCounts() throws Exception {
    start();

    newSession();
    newSession();

    assertThat(counter("cloakroom.sessions.created")).isEqualTo(2);
    assertThat(metrics().getCounts()).containsEntry("created", 2L);
  }

  @ParameterizedTest(name = "{0} then {2} counts once and nothing else is created")
  @CsvSource({
      "changeSessionId, /rotate, cloakroom.sessions.id.changes",
      "sign-in, /login?u=alice, cloakroom.sessions.id.changes",
      "invalidate, /invalidate, cloakroom.sessions.invalidated"})
  void requestOnASessionThenItsCounterCountsOnceAndNothingElseIsCreated(String what, String path, String counter)
      throws Exception {
    start();
    String id = newSession();

    app.http(id).get(path);

    assertThat(counter(counter)).isEqualTo(1);
    assertThat(counter("cloakroom.sessions.created")).isEqualTo(1);
  }

  @Test
  void idleDeadlinePassedThenRejectedExpiredAndExpiredIdleCountOnce() throws Exception {
    start();
    String id = newSession();
    clock.advance(Duration.ofMinutes(31));

    assertThat(app.http(id).get("/read").asString()).isEqualTo("none");

    assertThat(counter("cloakroom.sessions.rejected", "reason", "expired")).isEqualTo(1);
    assertThat(counter("cloakroom.sessions.expired", "reason", "idle")).isEqualTo(1);
    assertThat(counter("cloakroom.sessions.expired", "reason", "absolute")).isZero();
  }

  @Test
  void absoluteDeadlinePassedWhileActiveThenExpiredAbsoluteCounts() throws Exception {
    start(Settings.builder().store(repository).idleTimeout(Duration.ofMinutes(30))
        .absoluteTimeout(Duration.ofMinutes(40)));
    String id = newSession();
    clock.advance(Duration.ofMinutes(20));
    app.http(id).get("/read"); // a touch: the idle deadline moves to 50m, the absolute one stays at 40m
    clock.advance(Duration.ofMinutes(21));

    app.http(id).get("/read");

    assertThat(counter("cloakroom.sessions.expired", "reason", "absolute")).isEqualTo(1);
    assertThat(counter("cloakroom.sessions.expired", "reason", "idle")).isZero();
  }

  @Test
  void sweepOfExpiredSessionThenExpiredCountsWithoutAnyRejection() throws Exception {
    start();
    newSession();
    clock.advance(Duration.ofMinutes(31));

    SessionFilters.sweep(filter);

    assertThat(counter("cloakroom.sessions.expired", "reason", "idle")).isEqualTo(1);
    assertThat(counter("cloakroom.sessions.rejected", "reason", "expired")).isZero();
  }

  @Test
  void fullMemoryStoreThenEvictedCounts() throws Exception {
    start(Settings.builder().store(new MemoryRepository(1)));
    newSession();

    newSession();

    assertThat(counter("cloakroom.sessions.evicted")).isEqualTo(1);
  }

  @Test
  void cookieNotAnIdThenRejectedMalformedCounts() throws Exception {
    start();

    app.http("not-an-id").get("/read");

    assertThat(counter("cloakroom.sessions.rejected", "reason", "malformed")).isEqualTo(1);
  }

  @Test
  void wellFormedIdNoStoreHoldsThenRejectedUnknownCounts() throws Exception {
    start();

    app.http(SessionIds.generate(new SecureRandom())).get("/read");

    assertThat(counter("cloakroom.sessions.rejected", "reason", "unknown")).isEqualTo(1);
  }

  @Test
  void signedValueWithWrongTagThenRejectedBadSignatureCountsWithoutStoreCall() throws Exception {
    String key = Base64.getEncoder().encodeToString("a signing key of 32 bytes or more".getBytes());
    start(Settings.builder().store(repository).signingKeys("k1=" + key));
    String forged = SessionIds.generate(new SecureRandom()) + ".k1." + "A".repeat(22);

    app.http(forged).get("/read");

    assertThat(counter("cloakroom.sessions.rejected", "reason", "bad-signature")).isEqualTo(1);
    assertThat(repository.calls("load")).isZero();
  }

  @Test
  void storedAttributeNoLongerDecodesThenAttributesDroppedCounts() throws Exception {
    start();
    String id = newSession();
    String key = SessionIds.storeKey(id);
    SessionRecord rec = memory.load(key).orElseThrow();
    memory.save(key, new SessionDelta(Map.of("n", new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 's', 'r', 0, 9}),
        Set.of(), null, null, null, rec.expiresAt()));

    app.http(id).get("/read");

    assertThat(counter("cloakroom.attributes.dropped")).isEqualTo(1);
  }

  @Test
  void storeWriteFailsThenStoreErrorsCountsAndTheCallIsTimedAsError() throws Exception {
    start();
    repository.failOn("create", () -> new StoreException("disk full"));

    assertThat(app.http().get("/touch").getStatusCode()).isEqualTo(500);

    assertThat(counter("cloakroom.store.errors")).isEqualTo(1);
    assertThat(registry.get("cloakroom.store.operations").tags("operation", "create", "outcome", "error")
        .timer().count()).isEqualTo(1);
  }

  @Test
  void anomalyThresholdCrossedThenAnomaliesCountsOnce() throws Exception {
    start(Settings.builder().store(repository).anomalyRejectedPerMinute(2));

    for (int i = 0; i < 5; i++) {
      app.http("not-an-id").get("/read");
    }

    assertThat(counter("cloakroom.anomalies")).isEqualTo(1);
  }

  @Test
  void signedInSessionUsedFromAnotherNetworkThenClientChangesCounts() throws Exception {
    start(Settings.builder().store(repository).principalAttribute("user").trustedProxies(List.of("127.0.0.1")));
    String id = SetCookies.issuedId(fromAddress("/login?u=alice", null, "203.0.113.10"));

    fromAddress("/read", id, "198.51.100.23");

    assertThat(counter("cloakroom.sessions.client.changes")).isEqualTo(1);
    assertThat(metrics().getCounts()).containsEntry("client-changed", 1L);
  }

  private Response fromAddress(String path, String sessionId, String address) {
    return app.http(sessionId).header("X-Forwarded-For", address).get(path);
  }

  // ---- timer, distribution, gauges

  @Test
  void loadTakesSevenMillisecondsThenLoadTimerHasOneCallOfSevenMilliseconds() throws Exception {
    start();
    String id = newSession();
    repository.onCall("load", () -> clock.advance(Duration.ofMillis(7)));

    app.http(id).get("/read");

    var timer = registry.get("cloakroom.store.operations").tags("operation", "load", "outcome", "success").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
    assertThat(metrics().storeCalls(Operation.LOAD, Outcome.SUCCESS))
        .isEqualTo(new SessionMetrics.Totals(1, 7_000_000, 7_000_000));
  }

  @Test
  void storeUnreachableThenCallTimedAsUnavailable() throws Exception {
    start();
    String id = newSession();
    repository.failOn("load", () -> new StoreUnavailableException("connection refused"));

    assertThat(app.http(id).get("/read").getStatusCode()).isEqualTo(503);

    assertThat(registry.get("cloakroom.store.operations").tags("operation", "load", "outcome", "unavailable")
        .timer().count()).isEqualTo(1);
  }

  @Test
  void requestThatNeverTouchesItsSessionThenNoStoreCallTimed() throws Exception {
    start();
    String id = newSession();
    long before = registry.get("cloakroom.store.operations").timers().stream().mapToLong(t -> t.count()).sum();

    app.http(id).get("/plain");

    assertThat(registry.get("cloakroom.store.operations").timers().stream().mapToLong(t -> t.count()).sum())
        .isEqualTo(before);
  }

  @Test
  void attributesWrittenThenSessionSizeRecordsTheirEncodedBytes() throws Exception {
    start();
    int bytes = JAVA.encode("abc").length;

    String id = SetCookies.issuedId(app.http().get("/set?v=abc")); // create
    app.http(id).get("/set?v=abc"); // the same bytes: nothing written, nothing recorded
    app.http(id).get("/set?v=abcdef"); // a change

    var summary = registry.get("cloakroom.session.size").summary();
    assertThat(summary.count()).isEqualTo(2);
    assertThat(summary.max()).isEqualTo(JAVA.encode("abcdef").length);
    assertThat(metrics().sessionSizes().count()).isEqualTo(2);
    assertThat(metrics().sessionSizes().total())
        .isEqualTo(bytes + JAVA.encode("abcdef").length);
  }

  @Test
  void liveObjectsInTheMemoryStoreThenNoSessionSizeRecorded() throws Exception {
    start(Settings.builder().store(new MemoryRepository(100)));

    newSession();

    assertThat(registry.get("cloakroom.session.size").summary().count()).isZero();
  }

  @Test
  void memoryStoreThenActiveSessionsGaugeIsItsSize() throws Exception {
    start();
    newSession();
    newSession();
    String third = newSession();
    app.http(third).get("/invalidate");

    assertThat(registry.get("cloakroom.sessions.active").gauge().value()).isEqualTo(2);
  }

  @Test
  void storeWithoutBreakerThenEveryBreakerStateGaugeIsZero() throws Exception {
    start();

    assertThat(registry.get("cloakroom.store.breaker.state").gauges()).hasSize(3)
        .allSatisfy(g -> assertThat(g.value()).isZero());
    assertThat(metrics().getBreakerState()).isEqualTo("none");
  }

  @Test
  void breakerOpensThenOpenStateGaugeIsOneAndActiveSessionsUnknown() throws Exception {
    Breaker breaker = new Breaker(repository, clock, 1, Duration.ofSeconds(5));
    start(Settings.builder().store(breaker));
    String id = newSession();
    assertThat(registry.get("cloakroom.store.breaker.state").tag("state", "closed").gauge().value()).isEqualTo(1);
    repository.failOn("load", () -> new StoreUnavailableException("connection refused"));

    app.http(id).get("/read");

    assertThat(registry.get("cloakroom.store.breaker.state").tag("state", "open").gauge().value()).isEqualTo(1);
    assertThat(registry.get("cloakroom.store.breaker.state").tag("state", "closed").gauge().value()).isZero();
    assertThat(registry.get("cloakroom.sessions.active").gauge().value()).isNaN();
    assertThat(metrics().getBreakerState()).isEqualTo("open");
  }

  // ---- JMX and Micrometer housekeeping

  @Test
  void jmxThenEveryMetricIsReadableAsOpenData() throws Exception {
    start();
    String id = newSession();
    app.http(id).get("/read");
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<ObjectName> names = server.queryNames(new ObjectName("dev.cloakroom:type=SessionMetrics,context=\"/\",*"),
        null);

    assertThat(names).as("this filter's MBean among those registered").anySatisfy(name -> {
      assertThat(server.getAttribute(name, "ActiveSessions")).isEqualTo(1L);
      assertThat(server.getAttribute(name, "BreakerState")).isEqualTo("none");
      assertThat(entry((TabularData) server.getAttribute(name, "Counts"), "created")).isEqualTo(1L);
      assertThat(entry((TabularData) server.getAttribute(name, "StoreOperations"), "load.success.count"))
          .isEqualTo(1L);
      assertThat(entry((TabularData) server.getAttribute(name, "SessionSize"), "count")).isEqualTo(1L);
    });
  }

  private static Object entry(TabularData table, String key) {
    CompositeData row = table.get(new Object[] {key});
    assertThat(row).as(key).isNotNull();
    return row.get("value");
  }

  @Test
  void binderClosedThenItsMetersAreGoneFromTheRegistry() throws Exception {
    start();
    newSession();

    binder.close();

    assertThat(registry.getMeters()).isEmpty();
    binder = null;
  }

  @Test
  void boundThenEveryOperationAndOutcomeHasATimerAtZero() {
    binder = new CloakroomMeterBinder(new SessionMetrics());

    binder.bindTo(registry);

    assertThat(registry.get("cloakroom.store.operations").timers())
        .hasSize(Operation.values().length * Outcome.values().length)
        .allSatisfy(t -> assertThat(t.count()).isZero());
  }

  @Test
  void storeCallReportedWhileTheBinderClosesThenNoMeterIsLeftInTheRegistry() {
    SessionMetrics metrics = new SessionMetrics();
    binder = new CloakroomMeterBinder(metrics);
    CloakroomMeterBinder closing = binder;
    // an observer ahead of the binder's closes it while a call is reported: the binder's observer still
    // sees that call, from the observer list as it was when the report began
    metrics.addObserver(new SessionMetrics.Observer() {
      @Override
      public void storeCall(Operation operation, Outcome outcome, long nanos) {
        closing.close();
      }
    });
    binder.bindTo(registry);

    metrics.recordStoreCall(Operation.FIND_BY_PRINCIPAL, Outcome.ERROR, 1_000);

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void everyEventHasACounterInTheRegistry() throws Exception {
    start();

    long counters = registry.getMeters().stream()
        .filter(m -> m instanceof io.micrometer.core.instrument.FunctionCounter).count();

    assertThat(counters).isEqualTo(SessionEvent.values().length);
  }

  @Test
  void micrometerGlobalThenMetersInTheGlobalRegistryFromInitUntilDestroy() throws Exception {
    io.micrometer.core.instrument.Metrics.addRegistry(registry);
    try {
      filter = new SessionFilter(Settings.builder().store(repository).clock(clock)
          .micrometer(Settings.Micrometer.GLOBAL)
          .build());
      app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, HANDLERS));
      newSession();

      assertThat(registry.get("cloakroom.sessions.created").functionCounter().count()).isEqualTo(1);
      assertThat(registry.get("cloakroom.sessions.active").gauge().value()).isEqualTo(1);

      app.close();
      app = null;

      assertThat(io.micrometer.core.instrument.Metrics.globalRegistry.find("cloakroom.sessions.created").meters())
          .isEmpty();
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    }
  }

  @Test
  void micrometerGlobalWithTwoFiltersThenEachHasItsOwnMetersTaggedWithContextAndFilterName() throws Exception {
    io.micrometer.core.instrument.Metrics.addRegistry(registry);
    try (AppServer first = globalApp("first"); AppServer second = globalApp("second")) {
      SetCookies.issuedId(second.http().get("/set?v=a"));
      SetCookies.issuedId(second.http().get("/set?v=a"));

      assertThat(registry.find("cloakroom.sessions.created").functionCounters()).hasSize(2);
      assertThat(counter("cloakroom.sessions.created", "context", "/", "filter", "first")).isZero();
      assertThat(counter("cloakroom.sessions.created", "context", "/", "filter", "second")).isEqualTo(2);
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    }
  }

  @Test
  void micrometerGlobalWithTwoFiltersWhenTheFirstStopsThenTheSecondKeepsItsMeters() throws Exception {
    io.micrometer.core.instrument.Metrics.addRegistry(registry);
    try (AppServer second = globalApp("second")) {
      AppServer first = globalApp("first");
      SetCookies.issuedId(second.http().get("/set?v=a"));

      first.close();

      assertThat(registry.find("cloakroom.sessions.created").tag("filter", "first").meters()).isEmpty();
      assertThat(counter("cloakroom.sessions.created", "filter", "second")).isEqualTo(1);
      assertThat(registry.find("cloakroom.store.operations").tag("filter", "second").timers())
          .hasSize(Operation.values().length * Outcome.values().length);
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    }
  }

  @Test
  void micrometerGlobalWhenAFilterWithTheSameContextAndNameIsBoundThenBindingFailsNamingThem() throws Exception {
    AutoCloseable shop = GlobalMeters.bind(new SessionMetrics(), "/shop", "sessions");
    try {
      assertThatThrownBy(() -> GlobalMeters.bind(new SessionMetrics(), "/shop", "sessions"))
          .isInstanceOf(SettingsException.class)
          .hasMessage("micrometer=global: Micrometer's global registry already holds the meters of a Cloakroom"
              + " filter with context=/shop and filter=sessions; give each filter its own filter-name");
    } finally {
      shop.close();
    }
  }

  @Test
  void micrometerGlobalWithTheSameFilterNameInTwoContextsThenBothBind() throws Exception {
    try (AutoCloseable shop = GlobalMeters.bind(new SessionMetrics(), "/shop", "sessions");
        AutoCloseable admin = GlobalMeters.bind(new SessionMetrics(), "/admin", "sessions")) {

      assertThat(io.micrometer.core.instrument.Metrics.globalRegistry.find("cloakroom.sessions.created")
          .tag("filter", "sessions").meters()).hasSize(2);
    }
  }

  /** An app whose filter, named {@code filterName}, binds its meters to Micrometer's global registry. */
  private AppServer globalApp(String filterName) throws Exception {
    SessionFilter global = new SessionFilter(Settings.builder().store(new MemoryRepository(100)).clock(clock)
        .micrometer(Settings.Micrometer.GLOBAL).build());
    return AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(global, HANDLERS).named(filterName));
  }
}

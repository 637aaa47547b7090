package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.Services;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cleanup on two nodes at once while requests write: two filters on the machine's PostgreSQL (same
 * tables) sweep concurrently while clients keep writing to live sessions of the same tables. No
 * deadlock surfaces, no write is lost, and each expired session is destroyed exactly once across both.
 */
class JdbcSweepIT {

  private static final int EXPIRED = 150;
  private static final int LIVE = 10;
  private static final int WRITES = 20;

  private final FakeClock clock = new FakeClock();
  private final Map<String, AtomicInteger> destroyed = new ConcurrentHashMap<>();
  private final List<SessionFilter> filters = new ArrayList<>();
  private final List<AppServer> apps = new ArrayList<>();
  private String prefix;

  @BeforeEach
  void start() throws Exception {
    Services.requirePostgres();
    prefix = "sweep" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffL) + "_";
    for (int node = 0; node < 2; node++) {
      Settings settings = Settings.builder().store(Services.POSTGRES_URL).jdbcTablePrefix(prefix)
          .jdbcCreateSchema(true).clock(clock).sweepInterval(Duration.ofHours(24))
          .listener(new HttpSessionListener() {
            @Override
            public void sessionDestroyed(HttpSessionEvent se) {
              destroyed.computeIfAbsent(se.getSession().getId(), k -> new AtomicInteger()).incrementAndGet();
            }
          }).build();
      filters.add(new SessionFilter(settings));
      apps.add(AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filters.get(node), Map.of(
          "/new", (req, res) -> req.getSession().setAttribute("n", 0),
          "/write", (req, res) -> req.getSession(false).setAttribute("w" + req.getParameter("i"), "x"),
          "/count", (req, res) -> res.getWriter().print(java.util.Collections.list(
              req.getSession(false).getAttributeNames()).size())))));
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (AppServer app : apps) {
      app.close();
    }
    try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + prefix + "attributes, " + prefix + "moves, " + prefix + "sessions");
    }
  }

  @Test
  void sweepWhenTwoNodesSweepWhileRequestsWriteThenEachExpiredDestroyedOnceAndNoWriteLost() throws Exception {
    List<String> expiring = new ArrayList<>();
    for (int i = 0; i < EXPIRED; i++) {
      expiring.add(SetCookies.issuedId(apps.get(i % 2).http().get("/new")));
    }
    clock.advance(Duration.ofMinutes(20));
    List<String> live = new ArrayList<>();
    for (int i = 0; i < LIVE; i++) {
      live.add(SetCookies.issuedId(apps.get(i % 2).http().get("/new")));
    }
    clock.advance(Duration.ofMinutes(15)); // the first sessions are 35 minutes idle; the live ones 15

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> sweeps = new ArrayList<>();
      for (SessionFilter filter : filters) {
        sweeps.add(pool.submit(filter::sweep));
      }
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int writer = w;
        writers.add(pool.submit(() -> {
          for (int i = 0; i < WRITES; i++) {
            for (String id : live) {
              int status = apps.get(writer).http(id).get("/write?i=" + writer + "-" + i).getStatusCode();
              assertThat(status).isEqualTo(200);
            }
          }
        }));
      }
      int swept = 0;
      for (Future<Integer> sweep : sweeps) {
        swept += sweep.get(120, TimeUnit.SECONDS);
      }
      for (Future<?> writer : writers) {
        writer.get(120, TimeUnit.SECONDS);
      }
      assertThat(swept).isEqualTo(EXPIRED);
    } finally {
      pool.shutdownNow();
    }

    assertThat(destroyed).hasSize(EXPIRED);
    assertThat(destroyed.keySet()).containsExactlyInAnyOrderElementsOf(
        expiring.stream().map(SessionIds::storeKey).toList());
    assertThat(destroyed.values()).allMatch(n -> n.get() == 1);
    for (String id : live) {
      assertThat(apps.get(0).http(id).get("/count").asString()).isEqualTo(String.valueOf(1 + 2 * WRITES));
    }
  }
}

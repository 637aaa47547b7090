package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.store.Breaker;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.Services;
import dev.cloakroom.support.TcpProxy;
import io.restassured.response.Response;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Database outage: a Jetty app whose {@code store} is a {@code jdbc:} URL pointing at a TCP proxy in
 * front of the machine's PostgreSQL; the test cuts the proxy and restores it. The filter's clock is a
 * fake one, so the breaker stays open until the test moves it.
 */
class JdbcOutageIT {

  private final FakeClock clock = new FakeClock();
  private final String prefix = "outage" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffL) + "_";

  @BeforeAll
  static void requirePostgres() {
    Services.requirePostgres();
  }

  @AfterEach
  void dropTables() throws Exception {
    try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + prefix + "attributes, " + prefix + "moves, " + prefix + "sessions");
    }
  }

  /** The app on Jetty, its {@code store} the PostgreSQL behind {@code proxy}. */
  private AppServer start(TcpProxy proxy) throws Exception {
    Settings settings = Settings.builder()
        .store("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres")
        .jdbcTablePrefix(prefix).jdbcCreateSchema(true).storeTimeout(Duration.ofSeconds(1)).clock(clock)
        .principalAttribute(TestServlets.USER).build();
    return AppServer.Kind.JETTY_EE10.start(new Deployment.Code(new SessionFilter(settings), TestServlets.all()));
  }

  @Test
  void databaseWhenCutAndRestoredThen503WithRetryAfterThenSameSession() throws Exception {
    try (TcpProxy proxy = TcpProxy.start("127.0.0.1", 5432); AppServer app = start(proxy)) {
      String id = SetCookies.issuedId(app.http().get("/counter"));
      assertThat(app.http(id).get("/counter").asString()).isEqualTo("2");

      proxy.cut();
      for (int i = 0; i < Breaker.DEFAULT_THRESHOLD; i++) {
        Response down = app.http(id).get("/counter");
        assertThat(down.getStatusCode()).isEqualTo(503);
        assertThat(down.getHeader("Retry-After")).matches("[1-9][0-9]*");
        assertThat(down.getHeader("Set-Cookie")).as("never a fresh session in place of the old").isNull();
      }
      Response fast = app.http(id).get("/whoami");
      Response noSession = app.http(id).get("/filters");

      assertThat(fast.getStatusCode()).isEqualTo(503);
      assertThat(noSession.getStatusCode()).as("a request that never asks for its session").isEqualTo(200);

      proxy.restore();
      clock.advance(Breaker.DEFAULT_COOL_DOWN); // the next call is the breaker's trial
      Response back = app.http(id).get("/counter");

      assertThat(back.getStatusCode()).isEqualTo(200);
      assertThat(back.asString()).as("the same session, not an empty one").isEqualTo("3");
      assertThat(back.getHeader("Set-Cookie")).isNull();
    }
  }
}

package dev.cloakroom.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.support.CountingDataSource;
import dev.cloakroom.support.FakeClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Round trips to the database per request kind, on H2 behind the filter: statements (a batch counts
 * once) plus commits. Touch interval 1m (the default).
 */
class JdbcStatementsTest {

  private static final FakeClock CLOCK = new FakeClock();
  private static HikariDataSource h2;
  private static CountingDataSource db;
  private static AppServer app;

  @BeforeAll
  static void start() throws Exception {
    h2 = new HikariDataSource();
    h2.setJdbcUrl("jdbc:h2:mem:statements;DB_CLOSE_DELAY=-1");
    db = new CountingDataSource(h2);
    Settings settings = Settings.builder().store(db).jdbcCreateSchema(true).clock(CLOCK)
        .principalAttribute("user").sweepInterval(Duration.ofHours(24)).build();
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(new SessionFilter(settings), Map.of(
        "/plain", (req, res) -> res.getWriter().print("plain"),
        "/new", (req, res) -> req.getSession().setAttribute("cart", "apples"),
        "/read", (req, res) -> res.getWriter().print(req.getSession(false).getAttribute("cart")),
        "/set", (req, res) -> req.getSession().setAttribute("cart", "pears"),
        "/login", (req, res) -> req.getSession().setAttribute("user", "ivan"))));
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    h2.close();
  }

  @BeforeEach
  void reset() {
    db.reset();
  }

  private String newSession() {
    String id = SetCookies.issuedId(app.http().get("/new"));
    db.reset();
    return id;
  }

  private int statementsOf(String path, String id) {
    db.reset();
    app.http(id).get(path);
    return db.statements();
  }

  @Test
  void requestWhenSessionCreatedThenInsertBatchAndCommit() {
    assertThat(statementsOf("/new", null)).isEqualTo(3);
  }

  /**
   * A sign-in costs the load, the id change (UPDATE, INSERT of the moved mark, commit) and the save
   * (UPDATE, upsert batch, commit).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      session untouched: no statement                      | /plain | PT0S | 0
      read inside the touch interval: one query, no write  | /read  | PT0S | 1
      read after the touch interval: query, update, commit | /read  | PT2M | 3
      attribute set: query, update, upsert batch, commit   | /set   | PT0S | 4
      signed in: query, id change and save                 | /login | PT0S | 7""")
  void requestOnAStoredSessionThenStatementsAndCommits(String request, String path, Duration after, int statements) {
    String id = newSession();
    CLOCK.advance(after);

    assertThat(statementsOf(path, id)).isEqualTo(statements);
  }
}

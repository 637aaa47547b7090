package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.support.Services;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many nodes on one database: an embedded Jetty and an embedded Tomcat, each with its own filter and
 * its own connection pool ({@code store} is a {@code jdbc:} URL), sharing the machine's PostgreSQL under
 * a table prefix of the test's own (created by the first node, dropped after).
 */
class JdbcNodesIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final List<AppServer> servers = new ArrayList<>();
  private String prefix;

  @BeforeAll
  static void requireDatabase() {
    Services.requirePostgres();
  }

  @BeforeEach
  void pickPrefix() {
    prefix = "nodes" + Long.toHexString(RANDOM.nextLong() & 0xffffffL) + "_";
  }

  @AfterEach
  void stopAndDrop() throws Exception {
    servers.forEach(AppServer::close);
    try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + prefix + "attributes, " + prefix + "moves, " + prefix + "sessions");
    }
  }

  private AppServer start(AppServer.Kind kind) throws Exception {
    Settings settings = Settings.builder().store(Services.POSTGRES_URL).jdbcTablePrefix(prefix)
        .jdbcCreateSchema(true).principalAttribute(TestServlets.USER).build();
    AppServer server = kind.start(new Deployment.Code(new SessionFilter(settings), TestServlets.all()));
    servers.add(server);
    return server;
  }

  @Test
  void sessionWhenCreatedOnJettyThenTomcatContinuesIt() throws Exception {
    AppServer jetty = start(AppServer.Kind.JETTY_EE10);
    AppServer tomcat = start(AppServer.Kind.TOMCAT);

    String id = SetCookies.issuedId(jetty.http().get("/counter"));

    assertThat(tomcat.http(id).get("/counter").asString()).isEqualTo("2");
    assertThat(jetty.http(id).get("/counter").asString()).isEqualTo("3");
  }

  @Test
  void signInOnTomcatThenOldIdDeadOnBothNodes() throws Exception {
    AppServer jetty = start(AppServer.Kind.JETTY_EE10);
    AppServer tomcat = start(AppServer.Kind.TOMCAT);
    String before = SetCookies.issuedId(jetty.http().get("/counter"));

    String after = SetCookies.issuedId(tomcat.http()
        .header("Cookie", "SID=" + before).formParam("user", "judy").post("/login"));

    assertThat(jetty.http(before).get("/whoami").asString()).isEqualTo("anonymous");
    assertThat(tomcat.http(before).get("/whoami").asString()).isEqualTo("anonymous");
    assertThat(jetty.http(after).get("/whoami").asString()).isEqualTo("judy");
    assertThat(jetty.http(after).get("/counter").asString()).as("data kept").isEqualTo("2");
  }

  @Test
  void rollingRestartThenNoSessionLost() throws Exception {
    AppServer jetty = start(AppServer.Kind.JETTY_EE10);
    AppServer tomcat = start(AppServer.Kind.TOMCAT);
    String id = SetCookies.issuedId(jetty.http().get("/counter"));

    jetty.close();
    servers.remove(jetty);
    assertThat(tomcat.http(id).get("/counter").asString()).isEqualTo("2");
    AppServer jetty2 = start(AppServer.Kind.JETTY_EE10);
    tomcat.close();
    servers.remove(tomcat);

    assertThat(jetty2.http(id).get("/counter").asString()).isEqualTo("3");
  }
}

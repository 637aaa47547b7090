package dev.cloakroom.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.support.Services;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The launcher's {@code postgres} store choice, on the machine's PostgreSQL, under tables of the test's own. */
class DemoPostgresIT {

  private final String prefix = "demo_it_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)) + "_";

  @AfterEach
  void dropTables() throws SQLException {
    try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL); Statement st = c.createStatement()) {
      for (String table : new String[] {"attributes", "moves", "sessions"}) {
        st.execute("DROP TABLE IF EXISTS " + prefix + table);
      }
    }
  }

  @Test
  void postgresWhenChosenThenTablesCreatedAndTheCartLivesInThem() throws Exception {
    Services.requirePostgres();
    try (DemoServer demo = DemoServer.start(0, "postgres", Map.of("jdbcTablePrefix", prefix))) {
      Response added = given().baseUri(demo.baseUrl()).redirects().follow(false)
          .formParam("action", "add").formParam("product", "felt-hat").post("/cart");
      String cookie = added.header("Set-Cookie");
      Response cart = given().baseUri(demo.baseUrl()).header("Cookie", cookie.substring(0, cookie.indexOf(';')))
          .get("/cart");

      assertThat(cart.asString()).contains("Felt hat", "<code>jdbc</code>");
      assertThat(rows()).isEqualTo(1);
    }
  }

  private long rows() throws SQLException {
    try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + prefix + "sessions")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

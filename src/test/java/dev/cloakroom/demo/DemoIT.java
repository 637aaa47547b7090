package dev.cloakroom.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo as a browser uses it, on a free port. */
class DemoIT {

  private static Server server;

  @BeforeAll
  static void start() throws Exception {
    server = DemoServer.start(0);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static RequestSpecification http(String cookie) {
    RequestSpecification spec = given()
        .baseUri("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort())
        .redirects().follow(false);
    return cookie == null ? spec : spec.header("Cookie", cookie);
  }

  private static String cookie(Response r) {
    String header = r.header("Set-Cookie");
    assertThat(header).matches("SID=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax");
    return header.substring(0, header.indexOf(';'));
  }

  @Test
  void homeWhenNoSessionThenFormsShownAndNoSessionCreated() {
    Response r = http(null).get("/");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).contains("action=\"/login\"", "action=\"/counter\"", "Counter: <b>0</b>");
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
  }

  @Test
  void signInWhenCounterUsedThenIdRotatesCounterKeptAndNameEscaped() {
    String anonymous = cookie(http(null).post("/counter"));

    Response login = http(anonymous).formParam("user", "<b>eve</b>").post("/login");
    String signedIn = cookie(login);

    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(signedIn).isNotEqualTo(anonymous);
    String home = http(signedIn).get("/").asString();
    assertThat(home).contains("Signed in as <b>&lt;b&gt;eve&lt;/b&gt;</b>", "Counter: <b>1</b>")
        .doesNotContain(signedIn.substring(4));
    assertThat(http(anonymous).get("/whoami").asString().trim()).isEqualTo("anonymous");
  }

  @Test
  void signOutWhenSignedInThenCookieClearedAndAnonymousAgain() {
    String signedIn = cookie(http(null).formParam("user", "frank").post("/login"));

    Response logout = http(signedIn).post("/logout");

    assertThat(logout.header("Set-Cookie"))
        .isEqualTo("SID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
    assertThat(http(signedIn).get("/whoami").asString().trim()).isEqualTo("anonymous");
  }
}

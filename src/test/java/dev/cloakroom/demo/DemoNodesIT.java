package dev.cloakroom.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.support.RedisProcess;
import dev.cloakroom.support.Services;
import io.restassured.response.Response;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two demo nodes on two ports sharing one Redis (a {@code redis-server} of the test's own): one session. */
class DemoNodesIT {

  private static final Pattern SID = Pattern.compile("^SID=([A-Za-z0-9_-]{43}); Path=/; HttpOnly; SameSite=Lax$");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");

  private static RedisProcess redis;
  private static DemoServer a;
  private static DemoServer b;

  @BeforeAll
  static void start() throws Exception {
    Services.requireRedisServer();
    redis = RedisProcess.start();
    a = DemoServer.start(0, redis.uri(), Map.of());
    b = DemoServer.start(0, redis.uri(), Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {a, b, redis}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static String sid(Response r) {
    Matcher m = SID.matcher(r.header("Set-Cookie"));
    assertThat(m.matches()).as(r.header("Set-Cookie")).isTrue();
    return m.group(1);
  }

  private static Response get(DemoServer node, String path, String sid) {
    return given().baseUri(node.baseUrl()).redirects().follow(false).header("Cookie", "SID=" + sid).get(path);
  }

  @Test
  void sessionWhenMadeOnOneNodeThenTheOtherServesItAndSignsItIn() {
    String anonymous = sid(given().baseUri(a.baseUrl()).redirects().follow(false)
        .formParam("action", "add").formParam("product", "gloves").post("/cart"));

    Response cartOnB = get(b, "/cart", anonymous);
    assertThat(cartOnB.asString()).contains("Leather gloves", "<code>redis</code>",
        "Served by the node on port <code>" + b.port() + "</code>");

    Matcher token = CSRF.matcher(get(b, "/signin", anonymous).asString());
    assertThat(token.find()).isTrue();
    String signedIn = sid(given().baseUri(b.baseUrl()).redirects().follow(false).header("Cookie", "SID=" + anonymous)
        .formParam("csrf", token.group(1)).formParam("username", "alice").formParam("password", "wonderland")
        .post("/signin"));
    Response accountOnA = get(a, "/account", signedIn);

    assertThat(signedIn).isNotEqualTo(anonymous);
    assertThat(accountOnA.statusCode()).isEqualTo(200);
    assertThat(accountOnA.asString()).contains("Account of alice", "Cart (1)",
        "Served by the node on port <code>" + a.port() + "</code>");
    assertThat(get(a, "/cart", anonymous).asString()).as("the old id, on either node").contains("The cart is empty");
  }
}

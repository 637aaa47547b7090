package dev.cloakroom.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The demo on a {@code redis-server} of its own that the test stops and starts again: the outage page,
 * never a stack trace, and the same cart once the store is back.
 */
class DemoOutageIT {

  @Test
  void storeOutageWhenPageNeedsTheSessionThenFriendlyPageThatRetriesUntilTheSameCartIsBack() throws Exception {
    try (DemoSession session = DemoSession.onPrivateRedis(Map.of())) {
      Browser browser = session.browser;
      browser.go("/").click("button[aria-label='Add Scarf to cart']");
      String sid = browser.cookie("SID").getValue();
      session.redis.command("SAVE"); // the restart below loads what it held
      session.redis.stop();

      browser.go("/cart");
      assertThat(browser.find("#outage h1").getText()).isEqualTo("Back in a moment");
      browser.screenshot("outage");
      Response direct = given().baseUri(session.demo.baseUrl()).header("Cookie", "SID=" + sid).get("/cart");
      assertThat(direct.statusCode()).isEqualTo(503);
      assertThat(direct.header("Retry-After")).matches("[1-9][0-9]*");
      assertThat(direct.asString()).contains("The session store is not answering")
          .doesNotContain("Exception", "at dev.cloakroom", sid);
      assertThat(given().baseUri(session.demo.baseUrl()).get("/static/demo.css").statusCode())
          .as("a request that needs no session").isEqualTo(200);

      session.redis.restart();

      browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.cart")),
          Duration.ofSeconds(60)); // the outage page reloads itself after Retry-After seconds
      assertThat(browser.find("table.cart").getText()).contains("Scarf");
      assertThat(browser.cookie("SID").getValue()).isEqualTo(sid);
    }
  }
}

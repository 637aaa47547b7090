package dev.cloakroom.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The panel's countdown polls {@code /status}, a passive path: left alone, the page's own polling
 * must not keep the session alive. This deployment's idle timeout is {@value #IDLE_SECONDS} seconds
 * (and its sweeper is slow, so the server finds the session expired on the next request rather than
 * the sweeper removing it first).
 */
class DemoCountdownIT {

  private static final int IDLE_SECONDS = 10;

  @Test
  void countdownWhenPageLeftAloneThenItsPollingLetsTheSessionExpireAndThePageSaysSo() throws Exception {
    try (DemoSession session = DemoSession.on("memory",
        Map.of("idleTimeout", IDLE_SECONDS + "s", "sweepInterval", "10m"))) {
      Browser browser = session.browser;
      browser.signIn("alice", "wonderland", false).go("/account");
      String sid = browser.cookie("SID").getValue();

      WebElement warning = browser.waitUntil(
          ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#session-banner.warn")),
          Duration.ofSeconds(IDLE_SECONDS * 4L));
      assertThat(warning.getText()).contains("Your session ends in 0:0", "Stay signed in");
      WebElement ended = browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("session-ended")),
          Duration.ofSeconds(IDLE_SECONDS * 4L));

      long polls = (Long) browser.driver().executeScript("return performance.getEntriesByType('resource')"
          + ".filter(function (e) { return e.name.endsWith('/status'); }).length");
      assertThat(polls).as("status polls while the session idled out").isGreaterThanOrEqualTo(3);
      assertThat(ended.getText()).contains("Your session has ended: it was idle for too long.");
      assertThat(browser.find("[data-countdown=idle]").getText()).isEqualTo("ended");
      assertThat(given().baseUri(session.demo.baseUrl()).redirects().follow(false).header("Cookie", "SID=" + sid)
          .get("/account").getHeader("Location"))
          .as("the server found the session expired, idle").endsWith("/signin?next=/account&ended=idle");

      browser.click("#session-ended-link");
      browser.screenshot("expired");
      assertThat(browser.find("#signin-notice").getText())
          .isEqualTo("Your session ended because it was idle for too long. Please sign in again.");
    }
  }
}

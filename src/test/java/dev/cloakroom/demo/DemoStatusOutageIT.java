package dev.cloakroom.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The panel's countdown while {@code /status} fails: the demo on a {@code redis-server} of its own, which
 * the test stops with a page open, so every check answers 503. The idle timeout is {@value #IDLE_SECONDS}
 * seconds, so the page checks every 2 seconds; after a failed check it waits 2, 4, then 8 seconds (as
 * the page's own clock measures), and after the fourth failed check it stops and says so.
 */
class DemoStatusOutageIT {

  private static final int IDLE_SECONDS = 10;
  /** The failed checks in a row after which the page stops: {@code MAX_FAILURES} in demo.js. */
  private static final int MAX_FAILURES = 4;
  /** demo.js's poll interval for this idle timeout: a sixth of it, but at least 2 seconds. */
  private static final double POLL_MS = 2000;

  @Test
  void countdownWhenStatusKeepsFailingThenChecksBackOffThenStopAndThePageSaysSo() throws Exception {
    try (DemoSession session = DemoSession.onPrivateRedis(Map.of("idleTimeout", IDLE_SECONDS + "s"))) {
      Browser browser = recordingFailedChecks(session.browser);
      browser.signIn("alice", "wonderland", false).go("/account");
      session.redis.stop();

      WebElement hint = browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("session-unchecked")),
          Duration.ofSeconds(IDLE_SECONDS * 6L));
      List<List<Number>> atHint = failedChecks(browser);
      int absoluteAtHint = absoluteSecondsLeft(browser);
      // three more ticks of the countdown
      browser.waitUntil(d -> absoluteSecondsLeft(browser) <= absoluteAtHint - 3, Duration.ofSeconds(30));

      assertThat(atHint).as("failed /status requests, one per check").hasSize(MAX_FAILURES);
      assertThat(failedChecks(browser)).as("none after the page stopped").hasSize(MAX_FAILURES);
      assertThat(waitBefore(atHint, 1)).as("wait before the 2nd check").isGreaterThanOrEqualTo(POLL_MS);
      assertThat(waitBefore(atHint, 2)).as("wait before the 3rd check").isGreaterThanOrEqualTo(2 * POLL_MS);
      assertThat(waitBefore(atHint, 3)).as("wait before the 4th check").isGreaterThanOrEqualTo(4 * POLL_MS);
      assertThat(hint.getText()).contains("The server did not answer the last 4 checks of this session",
          "This page has stopped checking.", "Reload");
    }
  }

  /**
   * {@code browser}, recording when each of the page's failed checks started and ended, on the page's own
   * clock (Chromium keeps no resource timing entry for a 503 answer to fetch).
   */
  private static Browser recordingFailedChecks(Browser browser) {
    browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "window.failedChecks = []; var fetchOnce = window.fetch; window.fetch = function (url) {"
            + " var started = performance.now(); var answer = fetchOnce.apply(this, arguments);"
            + " if (!String(url).endsWith('/status')) { return answer; }"
            + " function failed() { window.failedChecks.push([started, performance.now()]); }"
            + " return answer.then(function (r) { if (!r.ok) { failed(); } return r; },"
            + " function (e) { failed(); throw e; }); };"));
    return browser;
  }

  /** Each failed check's start and end, in milliseconds of the page's clock. */
  @SuppressWarnings("unchecked")
  private static List<List<Number>> failedChecks(Browser browser) {
    return (List<List<Number>>) browser.driver().executeScript("return window.failedChecks");
  }

  /** The time between the end of failed check {@code i - 1} and the start of check {@code i} (from 0). */
  private static double waitBefore(List<List<Number>> checks, int i) {
    return checks.get(i).get(0).doubleValue() - checks.get(i - 1).get(1).doubleValue();
  }

  /** The panel's absolute countdown ({@code h:mm:ss}), which the page keeps ticking, in seconds. */
  private static int absoluteSecondsLeft(Browser browser) {
    int seconds = 0;
    for (String part : browser.find("[data-countdown=absolute]").getText().split(":")) {
      seconds = seconds * 60 + Integer.parseInt(part);
    }
    return seconds;
  }
}

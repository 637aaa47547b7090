package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 7, case 1, over HTTP on every container: a web.xml {@code <session-timeout>1</session-timeout>}
 * deploys at the default {@code touchInterval} (1m), and a session whose idle timeout is at or below
 * {@code touchInterval} stays alive while its user keeps clicking.
 */
class SlidingExpiryIT {

  @EveryContainer
  void deployWhenSessionTimeoutOneMinuteInWebXmlThenAppStartsWithSixtySecondSessions(AppServer.Kind kind)
      throws Exception {
    try (AppServer app = kind.start(new Deployment.WebXml(Door.WEBAPPS.resolve("short-timeout")))) {
      assertThat(app.appAvailable()).isTrue();
      String id = SetCookies.issuedId(app.http().get("/create"));

      Response facts = app.http(id).get("/request");

      assertThat(facts.asString()).contains("session=present\n").contains("maxInactiveInterval=60\n");
    }
  }

  @EveryContainer
  void clickingEveryTwoSecondsWhenMaxInactiveIntervalThreeSecondsThenSessionStaysAlive(AppServer.Kind kind)
      throws Exception {
    FakeClock clock = new FakeClock();
    Settings settings = Settings.builder().clock(clock).sweepInterval(Duration.ofHours(24)).build();
    try (AppServer app = kind.start(new Deployment.Code(new SessionFilter(settings), TestServlets.all()))) {
      String id = SetCookies.issuedId(app.http().queryParam("seconds", "3").get("/timeout"));
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        clock.advance(Duration.ofSeconds(2));
        String body = app.http(id).get("/request").asString();
        answers.add(body.lines().filter(l -> l.startsWith("session=")).findFirst().orElse("?"));
      }

      assertThat(answers).containsOnly("session=present").hasSize(5);
      clock.advance(Duration.ofSeconds(3));
      assertThat(app.http(id).get("/request").asString())
          .contains("session=none");
    }
  }
}

package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session cookie over HTTP on every container, issue 7:
 * <ul>
 *   <li>case 11: {@code Max-Age} goes out with the matching {@code Expires}, from the app's clock;
 *   <li>case 12: an app not at {@code /}, over https (here: {@code X-Forwarded-Proto} from a trusted
 *       proxy), gets a {@code __Host-} cookie at {@code Path=/} with a per-context name, so a
 *       {@code __Secure-} cookie planted by a sibling subdomain is never read.
 * </ul>
 *
 * <p>The app "at /shop" is deployed in the context {@code /shop} of each container.
 */
class SessionCookieIT {

  private static final Pattern ISSUED = Pattern.compile("^([A-Za-z0-9_-]+)=([A-Za-z0-9_-]{43});");

  private static RequestSpecification https(AppServer app) {
    return app.http().header("X-Forwarded-Proto", "https");
  }

  /** As {@link #https}, for the app in the context {@code /shop}. */
  private static RequestSpecification shop(AppServer app) {
    return https(app).basePath("/shop");
  }

  private static String contextCookieName(String contextPath) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(contextPath.getBytes(StandardCharsets.UTF_8));
    return "__Host-SID-" + HexFormat.of().formatHex(hash).substring(0, 8);
  }

  private static String issuedId(Response r) {
    List<String> headers = r.headers().getValues("Set-Cookie");
    assertThat(headers).hasSize(1);
    Matcher m = ISSUED.matcher(headers.get(0));
    assertThat(m.find()).as("an issued cookie: %s", headers.get(0)).isTrue();
    return m.group(2);
  }

  @EveryContainer
  void issueWhenCookieMaxAgeThenExpiresGoesWithItFromTheAppClock(AppServer.Kind kind) throws Exception {
    FakeClock clock = new FakeClock();
    Settings settings = Settings.builder().clock(clock).cookieMaxAge(Duration.ofHours(1))
        .sweepInterval(Duration.ofHours(24)).build();
    try (AppServer app = kind.start(new Deployment.Code(new SessionFilter(settings), TestServlets.all()))) {
      Response r = app.http().get("/counter");

      assertThat(SetCookies.normalized(r)).containsExactly(
          "SID=<id>; Path=/; Max-Age=3600; Expires=Thu, 01 Jan 2026 01:00:00 GMT; HttpOnly; SameSite=Lax");
    }
  }

  @EveryContainer
  void issueWhenAppNotAtRootOverHttpsThenHostCookieAtRootWithPerContextName(AppServer.Kind kind) throws Exception {
    Settings settings = Settings.builder().trustedProxies(List.of("127.0.0.1", "::1"))
        .principalAttribute(TestServlets.USER).sweepInterval(Duration.ofHours(24)).build();
    try (AppServer app = kind.start(new Deployment.Code(new SessionFilter(settings), TestServlets.all()).at("/shop"))) {
      String name = contextCookieName("/shop");
      Response r = shop(app).get("/counter");

      assertThat(r.asString()).isEqualTo("1");
      assertThat(r.headers().getValues("Set-Cookie")).containsExactly(
          name + "=" + issuedId(r) + "; Path=/; Secure; HttpOnly; SameSite=Lax");
    }
  }

  @EveryContainer
  void requestWhenPlantedSecureCookieSentFirstThenIgnoredAndVictimKeepsOwnSession(AppServer.Kind kind)
      throws Exception {
    Settings settings = Settings.builder().trustedProxies(List.of("127.0.0.1", "::1"))
        .principalAttribute(TestServlets.USER).sweepInterval(Duration.ofHours(24)).build();
    try (AppServer app = kind.start(new Deployment.Code(new SessionFilter(settings), TestServlets.all()).at("/shop"))) {
      String name = contextCookieName("/shop");
      String attacker = issuedId(shop(app).queryParam(TestServlets.USER, "mallory").post("/login"));
      String victim = issuedId(shop(app).queryParam(TestServlets.USER, "alice").post("/login"));

      Response r = shop(app).header("Cookie", "__Secure-SID=" + attacker + "; " + name + "=" + victim)
          .get("/whoami");

      assertThat(r.asString()).isEqualTo("alice");
    }
  }
}

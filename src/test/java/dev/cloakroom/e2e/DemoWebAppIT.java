package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.demo.AccountServlet;
import dev.cloakroom.demo.CartServlet;
import dev.cloakroom.demo.DemoWar;
import dev.cloakroom.demo.ShopServlet;
import dev.cloakroom.demo.SignInServlet;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.RedisProcess;
import dev.cloakroom.support.Services;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;

/**
 * The demo shop deployed as a WAR's contents ({@code src/demo/webapp} plus its classes in
 * {@code WEB-INF/classes}, see {@link WebAppDirs#demo}) on every container, its web.xml as it is; once as
 * {@link DemoWar} writes it, with the library jars in {@code WEB-INF/lib}; and its servlets in code with a
 * fake clock, for the ends of a session.
 */
class DemoWebAppIT {

  private static final String USER = "alice";
  private static final String PASSWORD = "wonderland";
  /** The Content-Security-Policy of every demo page, error pages included. */
  private static final String CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none';"
      + " form-action 'self'; base-uri 'none'";
  private static final FakeClock CLOCK = new FakeClock();
  @AutoClose
  private static final StartedOnce<AppServer> IN_CODE = new StartedOnce<>();

  private static AppServer deploy(AppServer.Kind kind, UnaryOperator<String> editWebXml) throws Exception {
    return kind.start(new Deployment.WebXml(WebAppDirs.demo(editWebXml)));
  }

  private static Response signIn(AppServer app) {
    return app.http().formParam("username", USER).formParam("password", PASSWORD).post("/signin");
  }

  @EveryContainer
  void signInWhenDeployedFromItsWebXmlThenOneNewCookieAndTheAccountPage(AppServer.Kind kind) throws Exception {
    try (AppServer app = deploy(kind, UnaryOperator.identity())) {
      assertThat(app.http().get("/signin").asString()).contains("<code>alice</code>", "<code>wonderland</code>");

      Response signedIn = signIn(app);
      String sid = SetCookies.issuedId(signedIn);
      Response account = app.http(sid).get("/account");

      assertThat(signedIn.statusCode()).isEqualTo(302);
      assertThat(SetCookies.normalized(signedIn)).containsExactly(SetCookies.ISSUED);
      assertThat(account.statusCode()).isEqualTo(200);
      assertThat(account.asString()).contains("Account of alice").doesNotContain(sid);
      assertThat(app.http().get("/static/demo.css").contentType()).startsWith("text/css");
    }
  }

  /**
   * The folder {@link DemoWar} writes for a container of your own, deployed as it is: this build's jar
   * and slf4j-api in {@code WEB-INF/lib} (the containers load a webapp's own jars first).
   */
  @EveryContainer
  void warFolderWhenDeployedAsDemoWarWritesItThenItHoldsThisBuildsJarAndSignInWorks(AppServer.Kind kind)
      throws Exception {
    String finalName = System.getProperty("demo.finalName");
    assertThat(finalName).as("demo.finalName, set by the pom").isNotBlank();
    Path war = WebAppDirs.fresh("demo-war-");
    DemoWar.main(new String[] {war.toString()});
    List<String> lib;
    try (Stream<Path> jars = Files.list(war.resolve("WEB-INF/lib"))) {
      lib = jars.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(lib).hasSize(2).contains(finalName + ".jar").anyMatch(n -> n.matches("slf4j-api-[0-9.]+\\.jar"));

    try (AppServer app = kind.start(new Deployment.WebXml(war))) {
      Response signedIn = signIn(app);
      Response account = app.http(SetCookies.issuedId(signedIn)).get("/account");

      assertThat(SetCookies.normalized(signedIn)).containsExactly(SetCookies.ISSUED);
      assertThat(account.statusCode()).isEqualTo(200);
      assertThat(account.asString()).contains("Account of alice");
    }
  }

  @EveryContainer
  void forgedCookieWhenSentThenTheSignedOutPagesAndNoNewCookie(AppServer.Kind kind) throws Exception {
    try (AppServer app = deploy(kind, UnaryOperator.identity())) {
      String forged = Internals.newId(new SecureRandom());

      Response shop = app.http(forged).get("/");
      Response account = app.http(forged).get("/account");

      assertThat(shop.statusCode()).isEqualTo(200);
      assertThat(shop.asString()).contains("No session yet", "href=\"/signin\"");
      assertThat(shop.headers().getValues("Set-Cookie")).isEmpty();
      assertThat(account.statusCode()).isEqualTo(302);
      assertThat(account.header("Location")).endsWith("/signin?next=/account");
    }
  }

  @EveryContainer
  void storeOutageWhenAPageNeedsTheSessionThenTheDemosOwnErrorPageWith503(AppServer.Kind kind) throws Exception {
    Services.requireRedisServer();
    try (RedisProcess redis = RedisProcess.start();
        AppServer app = deploy(kind, xml -> xml.replace("<param-value>memory</param-value>",
            "<param-value>" + redis.uri() + "</param-value>"))) {
      String sid = SetCookies.issuedId(signIn(app));
      redis.stop();

      Response down = app.http(sid).get("/account");

      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.header("Retry-After")).matches("[1-9][0-9]*");
      assertThat(down.asString()).contains("<h1>Back in a moment</h1>")
          .doesNotContain("Exception", "at dev.cloakroom", sid);
      assertThat(down.headers().getValues("Set-Cookie")).isEmpty();
      assertThat(down.header("Refresh")).as("reloads after Retry-After").isEqualTo(down.header("Retry-After"));
      assertThat(down.asString()).doesNotContain("http-equiv");
      assertThat(down.header("Content-Security-Policy")).isEqualTo(CSP);
    }
  }

  @EveryContainer
  void errorPageWhenShownThenTheSecurityHeadersOfEveryOtherPage(AppServer.Kind kind) throws Exception {
    try (AppServer app = deploy(kind, UnaryOperator.identity())) {
      Response notFound = app.http().get("/no-such-page");

      assertThat(notFound.statusCode()).isEqualTo(404);
      assertThat(notFound.asString()).contains("<h1>Not found</h1>");
      assertThat(notFound.header("Content-Security-Policy")).isEqualTo(CSP);
      assertThat(notFound.header("Referrer-Policy")).isEqualTo("same-origin");
      assertThat(notFound.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(notFound.header("Cache-Control")).isEqualTo("no-store");
    }
  }

  private static String csrf(Response page) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"")
        .matcher(page.asString());
    assertThat(m.find()).as("a CSRF field on the page").isTrue();
    return m.group(1);
  }

  @EveryContainer
  void wrongPasswordWhenSigningInThenTheFormSaysSoAndNoSession(AppServer.Kind kind) throws Exception {
    try (AppServer app = deploy(kind, UnaryOperator.identity())) {
      Response r = app.http().formParam("username", USER).formParam("password", "not-it").post("/signin");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.asString()).contains("That name and password do not match a demo user.");
      assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    }
  }

  @EveryContainer
  void postWhenFromAnotherOriginOrWithoutTheSessionsTokenThenRefusedAndNothingChanges(AppServer.Kind kind)
      throws Exception {
    try (AppServer app = deploy(kind, UnaryOperator.identity())) {
      Response crossSite = app.http().header("Origin", "https://elsewhere.example")
          .formParam("action", "add").formParam("product", "scarf").post("/cart");
      String sid = SetCookies.issuedId(signIn(app));
      Response noToken = app.http(sid).formParam("action", "add").formParam("product", "scarf").post("/cart");

      assertThat(crossSite.statusCode()).isEqualTo(403);
      assertThat(crossSite.asString()).contains("This form has expired");
      assertThat(crossSite.headers().getValues("Set-Cookie")).as("no session made").isEmpty();
      assertThat(noToken.statusCode()).isEqualTo(403);
      assertThat(app.http(sid).get("/cart").asString()).contains("The cart is empty");
    }
  }

  @EveryContainer
  void signOutThisDeviceWhenPostedFromAnotherSessionOfTheUserThenThatSessionEnds(AppServer.Kind kind)
      throws Exception {
    try (AppServer app = deploy(kind, UnaryOperator.identity())) {
      String laptop = SetCookies.issuedId(signIn(app));
      String phone = SetCookies.issuedId(signIn(app));
      Response devices = app.http(laptop).get("/devices");
      java.util.regex.Matcher handle = java.util.regex.Pattern.compile("name=\"handle\" value=\"([A-Za-z0-9_-]+)\"")
          .matcher(devices.asString());
      assertThat(handle.find()).isTrue();

      Response revoked = app.http(laptop).formParam("csrf", csrf(devices)).formParam("action", "revoke")
          .formParam("handle", handle.group(1)).post("/devices");

      assertThat(revoked.statusCode()).isEqualTo(302);
      assertThat(app.http(laptop).get("/devices").asString()).contains("That device was signed out.")
          .doesNotContain("name=\"handle\"");
      assertThat(app.http(phone).get("/account").header("Location")).endsWith("/signin?next=/account");
    }
  }

  /** The demo's servlets in code on {@code kind}, on the fake clock: idle 10 minutes, absolute 1 hour. */
  private static AppServer inCode(AppServer.Kind kind) {
    return IN_CODE.get(kind, () -> {
      Settings settings = Settings.builder().clock(CLOCK).principalAttribute("user")
          .idleTimeout(Duration.ofMinutes(10)).absoluteTimeout(Duration.ofHours(1)).build();
      Map<String, HttpServlet> servlets = Map.of("", new ShopServlet(), "/cart", new CartServlet(),
          "/signin", new SignInServlet(), "/account", new AccountServlet());
      return kind.start(new Deployment.Code(new SessionFilter(settings), servlets));
    });
  }

  @EveryContainer
  void sessionWhenIdleTooLongThenTheSignInPageSaysSo(AppServer.Kind kind) {
    String sid = SetCookies.issuedId(signIn(inCode(kind)));
    CLOCK.advance(Duration.ofMinutes(11));

    Response account = inCode(kind).http(sid).get("/account");

    assertThat(account.header("Location")).endsWith("/signin?next=/account&ended=idle");
    assertThat(inCode(kind).http().get("/signin?next=/account&ended=idle").asString())
        .contains("Your session ended because it was idle for too long.");
  }

  @EveryContainer
  void sessionWhenPastItsAbsoluteLimitThenTheSignInPageSaysSo(AppServer.Kind kind) {
    String sid = SetCookies.issuedId(signIn(inCode(kind)));
    for (int i = 0; i < 6; i++) { // active every 9 minutes: never idle for 10
      CLOCK.advance(Duration.ofMinutes(9));
      assertThat(inCode(kind).http(sid).get("/account").statusCode()).isEqualTo(200);
    }
    CLOCK.advance(Duration.ofMinutes(7)); // 61 minutes after signing in

    Response account = inCode(kind).http(sid).get("/account");

    assertThat(account.header("Location")).endsWith("/signin?next=/account&ended=absolute");
    assertThat(inCode(kind).http().get("/signin?ended=absolute").asString())
        .contains("Your session reached its absolute time limit");
  }
}

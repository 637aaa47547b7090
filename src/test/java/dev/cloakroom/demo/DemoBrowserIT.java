package dev.cloakroom.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;

/**
 * The demo shop in headless Chromium, on the memory store: what only a browser can show about the
 * session cookie. One server and one browser for the class (its cookies cleared before each test);
 * tests that need another browser profile, or to close and reopen one, open their own.
 */
class DemoBrowserIT {

  /** The user agent of a second device: Chrome 131 on an Android phone. */
  private static final String ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

  /**
   * The user agent of the class's own browser, a laptop: Chrome 132 on Linux. Headless Chromium's own
   * names no known browser, and the README's screenshots should show a device as a user would see it.
   */
  private static final String DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36";

  private static DemoServer demo;
  private static Path sharedProfile;
  private static Browser shared;
  private final List<Browser> browsers = new ArrayList<>();
  private final List<Path> profiles = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Browser.require();
    demo = DemoServer.start(0, "memory", Map.of());
    sharedProfile = Browser.newProfile();
    shared = Browser.open(sharedProfile, demo.baseUrl(), DESKTOP_CHROME);
  }

  @AfterAll
  static void stop() throws Exception {
    if (shared != null) {
      shared.close();
      Browser.deleteProfile(sharedProfile);
    }
    if (demo != null) {
      demo.close();
    }
  }

  @AfterEach
  void closeBrowsers() {
    browsers.forEach(Browser::close);
    profiles.forEach(Browser::deleteProfile);
  }

  /** The class's browser, with no cookies and at desktop size. */
  private static Browser fresh() {
    return shared.reset();
  }

  private Path profile() {
    Path p = Browser.newProfile();
    profiles.add(p);
    return p;
  }

  private Browser open(Path profile) {
    return open(profile, null);
  }

  private Browser open(Path profile, String userAgent) {
    Browser b = Browser.open(profile, demo.baseUrl(), userAgent);
    browsers.add(b);
    return b;
  }

  private Browser quit(Browser b) {
    browsers.remove(b);
    b.close();
    return b;
  }

  /** A request outside the browser with {@code sid} as the session cookie, redirects not followed. */
  private static Response asClient(String path, String sid) {
    return given().baseUri(demo.baseUrl()).redirects().follow(false).header("Cookie", "SID=" + sid).get(path);
  }

  @Test
  void sessionCookieWhenSignedInThenInvisibleToDocumentCookie() {
    Browser b = fresh().signIn("alice", "wonderland", false);

    assertThat(b.cookie("SID")).isNotNull();
    assertThat(b.cookie("SID").isHttpOnly()).isTrue();
    assertThat(b.documentCookie()).isEmpty();
  }

  @Test
  void signInWhenCartHasAnItemThenCookieReplacedOldIdDeadAndCartKept() {
    Browser b = fresh().go("/");
    assertThat(b.cookie("SID")).as("viewing the shop needs no session").isNull();
    b.screenshot("shop");
    b.click("button[aria-label='Add Wool coat to cart']").click("a[href='/cart']");
    String anonymous = b.cookie("SID").getValue();

    b.signIn("alice", "wonderland", false).go("/cart");
    b.screenshot("cart");

    assertThat(b.cookie("SID").getValue()).isNotEqualTo(anonymous);
    assertThat(b.find("table.cart").getText()).contains("Wool coat");
    assertThat(asClient("/cart", anonymous).asString()).as("the old id is dead").contains("The cart is empty");
  }

  @Test
  void signOutWhenSignedInThenCookieRemovedAndSignedOutPageShown() {
    Browser b = fresh().signIn("alice", "wonderland", false);
    String signedIn = b.cookie("SID").getValue();

    b.click("header form[action='/signout'] button");

    assertThat(b.cookie("SID")).isNull();
    assertThat(b.find("#signin-notice").getText()).contains("You are signed out");
    assertThat(asClient("/account", signedIn).getHeader("Location")).endsWith("/signin?next=/account");
  }

  @Test
  void signOutEverywhereElseWhenAnotherProfileIsSignedInThenItsSessionEnds() {
    Browser laptop = fresh().signIn("bob", "the-builder", false);
    Browser phone = open(profile(), ANDROID_CHROME).signIn("bob", "the-builder", false);
    laptop.go("/devices");
    assertThat(laptop.driver().findElements(org.openqa.selenium.By.cssSelector("li.device"))).hasSize(2);
    assertThat(laptop.find("li.device.current h2").getText()).startsWith("Chrome 132 ");
    assertThat(laptop.find("li.device:not(.current)").getText()).contains("Chrome 131", "127.0.0.0/24");
    laptop.screenshot("devices");

    laptop.click("#sign-out-others");
    phone.go("/account");

    assertThat(laptop.find(".flash").getText()).isEqualTo("1 other device was signed out.");
    assertThat(phone.path()).isEqualTo("/signin?next=/account");
    assertThat(laptop.go("/account").path()).isEqualTo("/account");
  }

  @Test
  void rememberMeWhenBrowserClosedAndReopenedOnTheSameProfileThenStillSignedIn() {
    Path profile = profile();
    Browser first = open(profile).signIn("alice", "wonderland", true);
    Cookie cookie = first.cookie("SID");
    assertThat(cookie.getExpiry()).as("a persistent cookie").isNotNull();
    quit(first);

    Browser again = open(profile).go("/account");

    assertThat(again.path()).isEqualTo("/account");
    assertThat(again.cookie("SID").getValue()).isEqualTo(cookie.getValue());
  }

  @Test
  void withoutRememberMeWhenBrowserClosedAndReopenedOnTheSameProfileThenSignedOut() {
    Path profile = profile();
    Browser first = open(profile).signIn("alice", "wonderland", false);
    assertThat(first.cookie("SID").getExpiry()).as("a browser-session cookie").isNull();
    quit(first);

    Browser again = open(profile).go("/account");

    assertThat(again.cookie("SID")).isNull();
    assertThat(again.path()).isEqualTo("/signin?next=/account");
  }

  /**
   * The one test that changes a password (the users live as long as the class's server): a privilege
   * change, with "Also sign out my other devices" left ticked as the form shows it.
   */
  @Test
  void changePasswordWhenAnotherDeviceIsSignedInThenNewIdOldIdDeadAndTheOtherDeviceSignedOut() {
    Browser phone = open(profile(), ANDROID_CHROME).signIn("carol", "singalong", false);
    Browser b = fresh().signIn("carol", "singalong", false).go("/account");
    String before = b.cookie("SID").getValue();
    assertThat(b.find("#others").isSelected()).as("ticked by default").isTrue();
    b.find("#current").sendKeys("singalong");
    b.find("#new").sendKeys("a-new-song");
    b.find("#confirm").sendKeys("a-new-song");

    b.click("#main button.primary");

    assertThat(b.find(".flash").getText())
        .isEqualTo("Password changed. This session has a new id; 1 other device was signed out.");
    assertThat(b.cookie("SID").getValue()).isNotEqualTo(before);
    assertThat(b.path()).isEqualTo("/account");
    assertThat(asClient("/account", before).getHeader("Location")).as("the old id is dead")
        .endsWith("/signin?next=/account");
    assertThat(phone.go("/account").path()).isEqualTo("/signin?next=/account");
    b.screenshot("account");
  }

  @Test
  void pagesWhenSignedInThenNoneHoldsTheCookieValue() {
    Browser b = fresh().go("/");
    b.click("button[aria-label='Add Scarf to cart']").signIn("alice", "wonderland", false);
    String sid = b.cookie("SID").getValue();

    for (String path : List.of("/", "/cart", "/account", "/devices", "/status", "/no-such-page")) {
      assertThat(b.go(path).source()).as(path).doesNotContain(sid);
    }
  }

  @Test
  void phoneWidthWhenShopShownThenNothingOverflowsSideways() {
    Browser b = fresh().phone().go("/");
    b.click("button[aria-label='Add Umbrella to cart']");

    Number overflow = (Number) b.driver().executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
    assertThat(((Number) b.driver().executeScript("return window.innerWidth")).intValue()).isEqualTo(390);
    b.screenshot("phone");
  }

  @Test
  void signInPageWhenOpenedThenListsTheDemoUsersAndTheirPasswords() {
    Browser b = fresh().go("/signin");
    b.screenshot("signin");

    assertThat(b.find(".users").getText()).contains("alice", "wonderland", "bob", "the-builder", "carol");
    assertThat(b.cookie("SID")).isNull();
  }
}

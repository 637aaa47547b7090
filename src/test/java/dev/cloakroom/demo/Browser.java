package dev.cloakroom.demo;

import dev.cloakroom.support.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by chromedriver, both the machine's own: nothing is ever downloaded. Each
 * binary is found by {@link Binary#locate()}: a system property or environment variable naming its path,
 * else the PATH, else the Debian path. Each browser runs in a profile folder; the same folder opened again
 * is the same browser profile, closed and reopened (persistent cookies stay, browser-session cookies go).
 */
final class Browser implements AutoCloseable {

  static final Binary CHROMIUM = new Binary("Chromium", "demo.chromium", "CLOAKROOM_CHROMIUM",
      List.of("chromium", "chromium-browser", "google-chrome"), Path.of("/usr/bin/chromium"), "chromium");
  static final Binary CHROMEDRIVER = new Binary("ChromeDriver", "demo.chromedriver", "CLOAKROOM_CHROMEDRIVER",
      List.of("chromedriver"), Path.of("/usr/bin/chromedriver"), "chromium-driver");
  /** Where screenshots go: {@code -Ddemo.screenshots=docs/screenshots} writes the README's. */
  static final String SCREENSHOTS_PROPERTY = "demo.screenshots";
  private static final Path PROFILES = Path.of("target", "browser-profiles").toAbsolutePath();
  /** Selenium warns at every start that it has no DevTools bindings for this Chromium: nothing here uses them. */
  private static final java.util.logging.Logger CDP_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }

  private final ChromeDriver driver;
  private final String baseUrl;

  private Browser(ChromeDriver driver, String baseUrl) {
    this.driver = driver;
    this.baseUrl = baseUrl;
  }

  /**
   * One browser binary and where to look for it.
   *
   * @param what          its name in messages
   * @param property      the system property that names its path, first choice
   * @param env           the environment variable that names its path, second choice
   * @param names         the file names to look for on the PATH, in order, third choice
   * @param debianPath    where Debian's package puts it, the last choice
   * @param debianPackage that package
   */
  record Binary(String what, String property, String env, List<String> names, Path debianPath,
      String debianPackage) {

    /** Where it is on this machine (perhaps not executable: {@link #require()} says so). */
    Path locate() {
      return locate(System::getProperty, System::getenv);
    }

    /** The same, with the system properties and environment variables given. */
    Path locate(UnaryOperator<String> properties, UnaryOperator<String> environment) {
      for (String set : new String[] {properties.apply(property), environment.apply(env)}) {
        if (set != null && !set.isBlank()) {
          return Path.of(set.strip());
        }
      }
      for (String name : names) {
        Path found = Services.onPath(name, environment.apply("PATH"));
        if (found != null) {
          return found;
        }
      }
      return debianPath;
    }

    /** What is missing and how to get it, for the skip (or failure) message. */
    String howToGet() {
      return what + " (set " + env + " or -D" + property + " to its path, or put it on the PATH as "
          + String.join(" or ", names) + "; Debian: `apt-get install " + debianPackage + "`)";
    }
  }

  /** Skips the test (fails it under {@code CI=true}) when chromium or chromedriver is missing. */
  static void require() {
    Services.requireExecutable(CHROMIUM.locate(), CHROMIUM.howToGet());
    Services.requireExecutable(CHROMEDRIVER.locate(), CHROMEDRIVER.howToGet());
  }

  /** A fresh, empty profile folder. */
  static Path newProfile() {
    try {
      Files.createDirectories(PROFILES);
      return Files.createTempDirectory(PROFILES, "profile-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a profile folder. */
  static void deleteProfile(Path profile) {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a profile left under target/ is harmless
    }
  }

  /** Opens a browser on {@code profile}, at a 1280 × 900 window, for the app at {@code baseUrl}. */
  static Browser open(Path profile, String baseUrl) {
    return open(profile, baseUrl, null);
  }

  /** The same, sending {@code userAgent} (null: Chromium's own) as another device would. */
  static Browser open(Path profile, String baseUrl, String userAgent) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.locate().toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
    if (userAgent != null) {
      options.addArguments("--user-agent=" + userAgent);
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.locate().toFile()).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options), baseUrl);
  }

  /** Clears the app's cookies and any phone emulation, on a page that makes no session. */
  Browser reset() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    go("/static/demo.css");
    driver.manage().deleteAllCookies();
    return this;
  }

  /** Loads {@code path} of the app. */
  Browser go(String path) {
    driver.get(baseUrl + path);
    return this;
  }

  ChromeDriver driver() {
    return driver;
  }

  /** The element matching {@code css}. */
  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /** Clicks the element matching {@code css} and waits until the next page has loaded. */
  Browser click(String css) {
    WebElement old = driver.findElement(By.tagName("html"));
    find(css).click();
    waitUntil(d -> isGone(old) && "complete".equals(driver.executeScript("return document.readyState")),
        Duration.ofSeconds(10));
    return this;
  }

  /**
   * Whether {@code element}'s page is gone. The driver says so with a stale-element error, or, while the
   * next page replaces the document, with an inspector error that the node is not in the document.
   */
  private static boolean isGone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (org.openqa.selenium.StaleElementReferenceException gone) {
      return true;
    } catch (org.openqa.selenium.WebDriverException e) {
      if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  /** Signs in on the sign-in page as {@code user}, ticking "remember me" if asked. */
  Browser signIn(String user, String password, boolean rememberMe) {
    go("/signin");
    find("#username").sendKeys(user);
    find("#password").sendKeys(password);
    if (rememberMe) {
      find("#remember").click();
    }
    return click("button[type=submit].primary");
  }

  /** The browser's cookie {@code name} for the app, HttpOnly ones included; null if none. */
  Cookie cookie(String name) {
    return driver.manage().getCookieNamed(name);
  }

  /** What the page's scripts see as {@code document.cookie}. */
  String documentCookie() {
    return (String) driver.executeScript("return document.cookie");
  }

  /** The page's markup as the browser holds it. */
  String source() {
    return driver.getPageSource();
  }

  /** The current path (and query) of the app. */
  String path() {
    return driver.getCurrentUrl().substring(baseUrl.length());
  }

  /** Waits until {@code condition} holds, up to {@code timeout}. */
  <T> T waitUntil(ExpectedCondition<T> condition, Duration timeout) {
    return new WebDriverWait(driver, timeout).until(condition);
  }

  /** Renders the page at phone size (390 × 844 CSS pixels, 2 device pixels each, touch). */
  Browser phone() {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    return this;
  }

  /** Saves a PNG of the viewport as {@code name}.png in the screenshot folder. */
  Path screenshot(String name) {
    Path dir = Path.of(System.getProperty(SCREENSHOTS_PROPERTY, "target/screenshots"));
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Quits the browser (its profile folder stays, to be opened again). */
  @Override
  public void close() {
    driver.quit();
  }
}

package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The app's own session config as Cloakroom's defaults. Issue 7, case 11: a cookie name the app sets is
 * used as given; a prefix comes only with Cloakroom's default name, or when {@code cookiePrefix} is set.
 */
class AppSessionConfigTest {

  /** A context whose session cookie config names the cookie {@code name}, Secure, everything else unset. */
  private static ServletContext context(String name) {
    SessionCookieConfig cookie = (SessionCookieConfig) Proxy.newProxyInstance(
        AppSessionConfigTest.class.getClassLoader(), new Class<?>[] {SessionCookieConfig.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getName" -> name;
          case "isSecure" -> true;
          case "getMaxAge" -> -1;
          case "getAttributes" -> Map.of();
          default -> null;
        });
    return (ServletContext) Proxy.newProxyInstance(AppSessionConfigTest.class.getClassLoader(),
        new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getSessionCookieConfig" -> cookie;
          case "getSessionTimeout" -> 30;
          case "getEffectiveSessionTrackingModes", "getDefaultSessionTrackingModes" -> Set.of();
          default -> null;
        });
  }

  private static Settings apply(Settings.Builder b, String appCookieName) {
    AppSessionConfig.apply(b, context(appCookieName));
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      app names the cookie: used as given, no prefix               |        | APPSID        | APPSID | NONE
      app name carries __Host-: that prefix                        |        | __Host-APPSID | APPSID | HOST
      app names the cookie, filter sets a prefix: that prefix kept | SECURE | APPSID        | APPSID | SECURE
      app leaves the container default name: SID, automatic prefix |        | JSESSIONID    | SID    | AUTO""")
  void applyThenCookieNameAndPrefix(String when, Settings.CookiePrefix filterPrefix, String appCookieName,
      String name, Settings.CookiePrefix prefix) {
    Settings.Builder b = filterPrefix == null ? Settings.builder() : Settings.builder().cookiePrefix(filterPrefix);

    Settings s = apply(b, appCookieName);

    assertThat(s.cookieName()).isEqualTo(name);
    assertThat(s.cookiePrefix()).isEqualTo(prefix);
  }
}

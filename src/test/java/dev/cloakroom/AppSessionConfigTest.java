package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

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

  @Test
  void applyWhenAppNamesTheCookieThenNameUsedAsGivenWithoutPrefix() {
    Settings s = apply(Settings.builder(), "APPSID");

    assertThat(s.cookieName()).isEqualTo("APPSID");
    assertThat(s.cookiePrefix()).isEqualTo(Settings.CookiePrefix.NONE);
  }

  @Test
  void applyWhenAppNameCarriesHostPrefixThenThatPrefix() {
    Settings s = apply(Settings.builder(), "__Host-APPSID");

    assertThat(s.cookieName()).isEqualTo("APPSID");
    assertThat(s.cookiePrefix()).isEqualTo(Settings.CookiePrefix.HOST);
  }

  @Test
  void applyWhenAppNamesTheCookieAndFilterSetsPrefixThenFilterPrefixKept() {
    Settings s = apply(Settings.builder().cookiePrefix(Settings.CookiePrefix.SECURE), "APPSID");

    assertThat(s.cookieName()).isEqualTo("APPSID");
    assertThat(s.cookiePrefix()).isEqualTo(Settings.CookiePrefix.SECURE);
  }

  @Test
  void applyWhenAppLeavesContainerDefaultNameThenCloakroomNameWithAutomaticPrefix() {
    Settings s = apply(Settings.builder(), "JSESSIONID");

    assertThat(s.cookieName()).isEqualTo("SID");
    assertThat(s.cookiePrefix()).isEqualTo(Settings.CookiePrefix.AUTO);
  }
}

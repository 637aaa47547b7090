package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The session cookie's name and attributes per request. Issue 7, case 12: an app not at {@code /} gets
 * a {@code __Host-} cookie at {@code Path=/} with a name of its own when Secure, so a sibling subdomain
 * cannot plant a cookie that the app would read.
 */
class CookiePolicyTest {

  private static final ProxyMatcher NO_PROXIES = ProxyMatcher.parse(List.of());

  /** A request at {@code contextPath}, over https when {@code secure}. */
  private static HttpServletRequest request(String contextPath, boolean secure) {
    return (HttpServletRequest) Proxy.newProxyInstance(CookiePolicyTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getContextPath" -> contextPath;
          case "isSecure" -> secure;
          case "getRemoteAddr" -> "192.0.2.1";
          case "getHeaders" -> Collections.emptyEnumeration();
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private static String sha256Hex8(String s) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(hash).substring(0, 8);
  }

  private static CookiePolicy.Cookie cookie(Settings.Builder settings, String contextPath, boolean secure) {
    return CookiePolicy.forRequest(settings.build(), NO_PROXIES, request(contextPath, secure));
  }

  static Stream<Arguments> cookies() {
    return Stream.of(
        argumentSet("root context over https: __Host- at the root", Settings.builder(), "", true,
            "__Host-SID", "/"),
        argumentSet("another context over plain http: no prefix, at the context path", Settings.builder(),
            "/shop", false, "SID", "/shop"),
        argumentSet("cookiePath chosen: __Secure- at that path", Settings.builder().cookiePath("/shop"),
            "/shop", true, "__Secure-SID", "/shop"),
        argumentSet("cookieDomain set: __Secure-", Settings.builder().cookieDomain("example.com"), "", true,
            "__Secure-SID", "/"),
        argumentSet("cookiePrefix=none: the name as given, at the context path",
            Settings.builder().cookieName("APPSID").cookiePrefix(Settings.CookiePrefix.NONE), "/shop", true,
            "APPSID", "/shop"));
  }

  @ParameterizedTest
  @MethodSource("cookies")
  void cookieThenNameAndPathForTheRequest(Settings.Builder settings, String contextPath, boolean secure, String name,
      String path) {
    CookiePolicy.Cookie c = cookie(settings, contextPath, secure);

    assertThat(c.name()).isEqualTo(name);
    assertThat(c.attributes().path()).isEqualTo(path);
  }

  @Test
  void cookieWhenNonRootContextOverHttpsThenHostPrefixAtRootWithPerContextName() throws Exception {
    CookiePolicy.Cookie c = cookie(Settings.builder(), "/shop", true);

    assertThat(c.name()).isEqualTo("__Host-SID-" + sha256Hex8("/shop"));
    assertThat(c.attributes().path()).isEqualTo("/");
    assertThat(c.attributes().secure()).isTrue();
    assertThat(c.attributes().domain()).isNull();
  }

  @Test
  void cookieWhenTwoContextsOnOneHostThenTwoNames() {
    assertThat(cookie(Settings.builder(), "/shop", true).name())
        .isNotEqualTo(cookie(Settings.builder(), "/admin", true).name())
        .isNotEqualTo(cookie(Settings.builder(), "", true).name());
  }
}

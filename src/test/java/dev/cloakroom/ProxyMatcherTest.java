package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyMatcherTest {

  private final ProxyMatcher matcher = ProxyMatcher.parse(List.of("10.0.0.0/8", "192.168.1.7", "::1", "fd00::/8"));

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "10.255.255.255", "192.168.1.7", "::1", "0:0:0:0:0:0:0:1", "[::1]", "fd12:3456::1"})
  void matchesWhenInsideARangeThenTrue(String address) {
    assertThat(matcher.matches(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"11.0.0.1", "9.255.255.255", "192.168.1.8", "::2", "fe80::1", "2001:db8::1", "", "localhost",
      "999.1.1.1", "localhost:80"})
  void matchesWhenOutsideEveryRangeThenFalse(String address) {
    assertThat(matcher.matches(address)).isFalse();
  }

  @Test
  void matchesWhenNullThenFalse() {
    assertThat(matcher.matches(null)).isFalse();
  }

  @Test
  void matchesWhenNoEntriesThenFalse() {
    assertThat(ProxyMatcher.parse(List.of()).matches("10.0.0.1")).isFalse();
  }

  @Test
  void matchesWhenV4RangeAndV6AddressThenFalse() {
    assertThat(ProxyMatcher.parse(List.of("0.0.0.0/0")).matches("::1")).isFalse();
  }

  @Test
  void matchesWhenPrefixEndsInsideAByteThenOnlyItsBitsCount() {
    ProxyMatcher twelve = ProxyMatcher.parse(List.of("172.16.0.0/12", "fd00::/9"));
    assertThat(twelve.matches("172.31.255.255")).isTrue();
    assertThat(twelve.matches("172.32.0.0")).isFalse();
    assertThat(twelve.matches("172.15.255.255")).isFalse();
    assertThat(twelve.matches("fd7f::1")).isTrue();
    assertThat(twelve.matches("fd80::1")).isFalse();
  }

  @Test
  void matchesWhenSlash32ThenOnlyThatAddress() {
    ProxyMatcher one = ProxyMatcher.parse(List.of("172.16.0.5/32"));

    assertThat(one.matches("172.16.0.5")).isTrue();
    assertThat(one.matches("172.16.0.6")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/8/8", "999.1.1.1", "10.0.0",
      "host:80", "10.0.0.0/-1", "10.0.0.1.", "10..0.1", ".10.0.0.1", "10.0.0.1.5", "10.0.0.1000", "10.0.0.+1",
      "10.0.0. 1"})
  void parseWhenNotALiteralAddressOrRangeThenRejectedNamingEntry(String entry) {
    assertThatThrownBy(() -> ProxyMatcher.parse(List.of(entry)))
        .isInstanceOf(SettingsException.class)
        .hasMessage("trustedProxies entry " + entry + " is not accepted; it accepts comma-separated IP addresses or"
            + " CIDR ranges, such as 10.0.0.0/8");
  }

  /** A request from {@code remote} carrying {@code forwardedFor} as X-Forwarded-For header lines. */
  private static HttpServletRequest from(String remote, String... forwardedFor) {
    return (HttpServletRequest) Proxy.newProxyInstance(ProxyMatcherTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getRemoteAddr" -> remote;
          case "getHeaders" -> "X-Forwarded-For".equals(args[0])
              ? Collections.enumeration(List.of(forwardedFor)) : Collections.emptyEnumeration();
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void clientAddressWhenPeerIsNotTrustedThenPeerEvenIfItSendsForwardedFor() {
    assertThat(matcher.clientAddress(from("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
  }

  @Test
  void clientAddressWhenTrustedProxyThenLastUntrustedHop() {
    assertThat(matcher.clientAddress(from("10.0.0.2", "198.51.100.1, 203.0.113.5", "10.1.1.1")))
        .isEqualTo("203.0.113.5");
  }

  @Test
  void clientAddressWhenForwardedChainHasGarbageThenLastBelievedAddress() {
    assertThat(matcher.clientAddress(from("10.0.0.2", "198.51.100.1, not-an-ip, 10.1.1.1")))
        .isEqualTo("10.1.1.1");
  }

  @Test
  void clientAddressWhenTrustedProxyWithoutHeaderThenProxy() {
    assertThat(matcher.clientAddress(from("10.0.0.2"))).isEqualTo("10.0.0.2");
  }

  @Test
  void clientAddressWhenIpv6ThenCanonicalText() {
    assertThat(matcher.clientAddress(from("::1", "[2001:DB8:0:0::7]"))).isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  void clientAddressWhenRemoteIsNoLiteralThenAsGiven() {
    assertThat(matcher.clientAddress(from("unix-socket", "198.51.100.1"))).isEqualTo("unix-socket");
  }
}

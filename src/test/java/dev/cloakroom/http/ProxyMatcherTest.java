package dev.cloakroom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.SettingsException;
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
  void matchesWhenSlash32ThenOnlyThatAddress() {
    ProxyMatcher one = ProxyMatcher.parse(List.of("172.16.0.5/32"));

    assertThat(one.matches("172.16.0.5")).isTrue();
    assertThat(one.matches("172.16.0.6")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/8/8", "999.1.1.1", "10.0.0",
      "host:80", "10.0.0.0/-1"})
  void parseWhenNotALiteralAddressOrRangeThenRejectedNamingEntry(String entry) {
    assertThatThrownBy(() -> ProxyMatcher.parse(List.of(entry)))
        .isInstanceOf(SettingsException.class)
        .hasMessage("trustedProxies entry " + entry + " is not accepted; it accepts comma-separated IP addresses or"
            + " CIDR ranges, such as 10.0.0.0/8");
  }
}

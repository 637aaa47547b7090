package dev.cloakroom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The coarse client fingerprint: networks, browsers, comparison, and what a store may hand back. */
class ClientFingerprintTest {

  private static final String CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

  // ---- network

  @ParameterizedTest
  @CsvSource({
      "203.0.113.57, 203.0.113.0/24",
      "10.0.0.1, 10.0.0.0/24",
      "0.0.0.0, 0.0.0.0/24",
      "255.255.255.255, 255.255.255.0/24",
      "2001:db8:1:2:3:4:5:6, 2001:db8:1::/48",
      "2001:0db8:0001:0000:0000:0000:0000:0001, 2001:db8:1::/48",
      "2001:DB8:1::1, 2001:db8:1::/48",
      "[2001:db8:1::1], 2001:db8:1::/48",
      "fe80::1%eth0, fe80::/48",
      "2001:0:1::1, 2001:0:1::/48",
      "2001::1, 2001::/48",
      "::1, ::/48",
      "0:0:0:0:0:0:0:1, ::/48",
      "::ffff:198.51.100.7, 198.51.100.0/24",
      "64:ff9b::198.51.100.7, 64:ff9b::/48"})
  void ofWhenAddressLiteralThenItsNetworkPrefix(String address, String network) {
    assertThat(ClientFingerprint.of(address, null).network()).isEqualTo(network);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"localhost", "example.com", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.4:8080",
      "1..2.3", "01234.1.1.1", "2001:db8::1::2", "2001:db8:1:2:3:4:5:6:7", "12345::1", "gggg::1", ":1", "1:",
      "１.２.３.４", "2001:db8:1:2:3:4:5", "[::1", "unix:/tmp/socket"})
  void ofWhenAddressNotALiteralThenNetworkUnknown(String address) {
    assertThat(ClientFingerprint.of(address, null).network()).isEqualTo(ClientFingerprint.UNKNOWN_NETWORK);
  }

  @Test
  void ofWhenAddressHugeThenNetworkUnknown() {
    assertThat(ClientFingerprint.of("1".repeat(100_000), null).network()).isEqualTo("unknown");
  }

  // ---- browser

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      CHROME_WINDOWS + "|Chrome 131",
      "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile"
          + " Safari/537.36|Chrome 131",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1|Chrome 131",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0|Firefox 133",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " FxiOS/133.0 Mobile/15E148 Safari/605.1.15|Firefox 133",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " Version/17.6 Safari/605.1.15|Safari 17",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " Version/17.6 Mobile/15E148 Safari/604.1|Safari 17",
      CHROME_WINDOWS + " Edg/131.0.0.0|Edge 131",
      "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile"
          + " Safari/537.36 EdgA/131.0.0.0|Edge 131",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " Version/18.0 EdgiOS/131.2903.68 Mobile/15E148 Safari/605.1.15|Edge 131",
      CHROME_WINDOWS + " OPR/115.0.0.0|Opera 115",
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36|Samsung 27",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/0131.0 Safari/537.36|Chrome 131"})
  void ofWhenUserAgentOfAKnownBrowserThenFamilyAndMajorVersion(String userAgent, String browser) {
    assertThat(ClientFingerprint.of(null, userAgent).browser()).isEqualTo(browser);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"curl/8.5.0", "Googlebot/2.1 (+http://www.google.com/bot.html)",
      "Mozilla/5.0 AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari/604.1",
      "Chrome/", "Chrome/abc", "Chrome/123456", "HeadlessChrome/131.0.0.0", "NotFirefox/133.0",
      "Opera/9.80 (Windows NT 6.1) Presto/2.12.388 Version/12.16"})
  void ofWhenUserAgentNamesNoKnownBrowserThenOther(String userAgent) {
    assertThat(ClientFingerprint.of(null, userAgent).browser()).isEqualTo(ClientFingerprint.OTHER_BROWSER);
  }

  @Test
  void ofWhenBrowserTokenBeyondTheReadPrefixThenOther() {
    String userAgent = "x".repeat(ClientFingerprint.MAX_USER_AGENT_CHARS) + " Firefox/133.0";

    assertThat(ClientFingerprint.of(null, userAgent).browser()).isEqualTo("other");
  }

  @Test
  void ofWhenBrowserTokenInsideTheReadPrefixOfAHugeHeaderThenFound() {
    String userAgent = "Mozilla/5.0 Firefox/133.0 " + "(".repeat(1_000_000);

    assertThat(ClientFingerprint.of(null, userAgent).browser()).isEqualTo("Firefox 133");
  }

  @Test
  void ofWhenUserAgentManyPartialTokensThenOther() {
    String userAgent = " Chrome/".repeat(1_000) + "x";

    assertThat(ClientFingerprint.of(null, userAgent).browser()).isEqualTo("other");
  }

  // ---- changes

  @Test
  void changesWhenSameClientThenNone() {
    ClientFingerprint a = ClientFingerprint.of("203.0.113.57", CHROME_WINDOWS);

    assertThat(a.changes(ClientFingerprint.of("203.0.113.200", CHROME_WINDOWS))).isEmpty();
  }

  @Test
  void changesWhenAnotherNetworkThenNetwork() {
    ClientFingerprint a = ClientFingerprint.of("203.0.113.57", CHROME_WINDOWS);

    assertThat(a.changes(ClientFingerprint.of("198.51.100.57", CHROME_WINDOWS)))
        .isEqualTo(Set.of(ClientFingerprint.Part.NETWORK));
  }

  @Test
  void changesWhenBrowserMajorVersionMovedThenBrowser() {
    ClientFingerprint a = ClientFingerprint.of("203.0.113.57", CHROME_WINDOWS);

    assertThat(a.changes(ClientFingerprint.of("203.0.113.57", CHROME_WINDOWS.replace("Chrome/131", "Chrome/132"))))
        .isEqualTo(Set.of(ClientFingerprint.Part.BROWSER));
  }

  @Test
  void changesWhenBothDifferThenBoth() {
    ClientFingerprint a = ClientFingerprint.of("203.0.113.57", CHROME_WINDOWS);

    assertThat(a.changes(ClientFingerprint.of("2001:db8:1::5", "Firefox/133.0")))
        .containsExactly(ClientFingerprint.Part.NETWORK, ClientFingerprint.Part.BROWSER);
  }

  // ---- stored values

  @ParameterizedTest
  @CsvSource({"203.0.113.0/24, Chrome 131", "2001:db8:1::/48, Safari 17", "::/48, other", "unknown, Edge 0",
      "fe80::/48, Samsung 27", "ffff:ffff:ffff::/48, Opera 9999"})
  void parseWhenAsOfWritesItThenAccepted(String network, String browser) {
    assertThat(ClientFingerprint.parse(network, browser)).contains(new ClientFingerprint(network, browser));
  }

  @ParameterizedTest
  @CsvSource({"203.0.113.5/24, Chrome 131", "203.0.113.0, Chrome 131", "203.0.113.0/16, Chrome 131",
      "2001:db8:1:0::/48, Chrome 131", "2001:DB8:1::/48, Chrome 131", "2001:db8:1:2::/48, Chrome 131",
      "2001:0db8:1::/48, Chrome 131", "203.0.113.0/24, Chrome", "203.0.113.0/24, Chrome 0131",
      "203.0.113.0/24, Chrome 12345", "203.0.113.0/24, Netscape 4", "203.0.113.0/24, chrome 131",
      "203.0.113.0/24, Chrome  131", "203.0.113.0/24, Other", "Unknown, other", "'', other"})
  void parseWhenNotAsOfWritesItThenEmpty(String network, String browser) {
    assertThat(ClientFingerprint.parse(network, browser)).isEmpty();
  }

  @Test
  void parseWhenNullThenEmpty() {
    assertThat(ClientFingerprint.parse(null, "other")).isEmpty();
    assertThat(ClientFingerprint.parse("unknown", null)).isEmpty();
  }

  @Test
  void constructorWhenNetworkNotAPrefixThenRefused() {
    assertThatThrownBy(() -> new ClientFingerprint("203.0.113.57", "other"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorWhenBrowserIsAWholeUserAgentThenRefused() {
    assertThatThrownBy(() -> new ClientFingerprint("unknown", CHROME_WINDOWS))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

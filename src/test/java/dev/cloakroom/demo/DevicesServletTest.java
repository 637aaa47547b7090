package dev.cloakroom.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.store.ClientFingerprint;
import org.junit.jupiter.api.Test;

/** The words "Your devices" shows for what a session's client fingerprint holds. */
class DevicesServletTest {

  @Test
  void browserWhenTheFingerprintKnewItThenFamilyAndVersion() {
    assertThat(DevicesServlet.browser("Firefox 133")).isEqualTo("Firefox 133");
  }

  @Test
  void browserWhenTheFingerprintDidNotKnowItThenUnknownBrowser() {
    assertThat(DevicesServlet.browser(ClientFingerprint.OTHER_BROWSER)).isEqualTo("Unknown browser");
  }

  @Test
  void browserWhenNoFingerprintWasStoredThenUnknownBrowser() {
    assertThat(DevicesServlet.browser(null)).isEqualTo("Unknown browser");
  }

  @Test
  void networkWhenTheFingerprintKnewItThenItsCidr() {
    assertThat(DevicesServlet.network("203.0.113.0/24")).isEqualTo("203.0.113.0/24");
  }

  @Test
  void networkWhenTheAddressWasNotALiteralThenUnknownNetwork() {
    assertThat(DevicesServlet.network(ClientFingerprint.UNKNOWN_NETWORK)).isEqualTo("Unknown network");
  }

  @Test
  void networkWhenNoFingerprintWasStoredThenUnknownNetwork() {
    assertThat(DevicesServlet.network(null)).isEqualTo("Unknown network");
  }
}

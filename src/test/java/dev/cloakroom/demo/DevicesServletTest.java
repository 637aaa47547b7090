package dev.cloakroom.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.cloakroom.store.ClientFingerprint;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The words "Your devices" shows for what a session's client fingerprint holds. */
class DevicesServletTest {

  static Stream<Arguments> fingerprintParts() {
    UnaryOperator<String> browser = DevicesServlet::browser;
    UnaryOperator<String> network = DevicesServlet::network;
    return Stream.of(
        argumentSet("browser the fingerprint knew: family and version", browser, "Firefox 133", "Firefox 133"),
        argumentSet("browser the fingerprint did not know", browser, ClientFingerprint.OTHER_BROWSER,
            "Unknown browser"),
        argumentSet("browser when no fingerprint was stored", browser, null, "Unknown browser"),
        argumentSet("network the fingerprint knew: its CIDR", network, "203.0.113.0/24", "203.0.113.0/24"),
        argumentSet("network when the address was not a literal", network, ClientFingerprint.UNKNOWN_NETWORK,
            "Unknown network"),
        argumentSet("network when no fingerprint was stored", network, null, "Unknown network"));
  }

  @ParameterizedTest
  @MethodSource("fingerprintParts")
  void wordsThenWhatTheFingerprintKnewElseUnknown(UnaryOperator<String> words, String stored, String shown) {
    assertThat(words.apply(stored)).isEqualTo(shown);
  }
}

package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.cloakroom.Settings.SameSite;
import dev.cloakroom.SetCookie.Attributes;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SetCookieTest {

  /** A fixed, well-formed id (43 characters, canonical last character). */
  private static final String ID = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Attributes LAX = new Attributes("/", null, false, SameSite.LAX, false);
  private static final Attributes SECURE_LAX = new Attributes("/", null, true, SameSite.LAX, false);

  static Stream<Arguments> issued() {
    return Stream.of(
        argumentSet("default Lax", "SID", LAX, "SID=<id>; Path=/; HttpOnly; SameSite=Lax"),
        argumentSet("Secure before HttpOnly", "__Host-SID", SECURE_LAX,
            "__Host-SID=<id>; Path=/; Secure; HttpOnly; SameSite=Lax"),
        argumentSet("Strict", "SID", new Attributes("/", null, false, SameSite.STRICT, false),
            "SID=<id>; Path=/; HttpOnly; SameSite=Strict"),
        argumentSet("None with Secure", "SID", new Attributes("/", null, true, SameSite.NONE, false),
            "SID=<id>; Path=/; Secure; HttpOnly; SameSite=None"),
        argumentSet("Domain after Path", "SID", new Attributes("/", "example.com", false, SameSite.LAX, false),
            "SID=<id>; Path=/; Domain=example.com; HttpOnly; SameSite=Lax"),
        argumentSet("Partitioned last", "__Host-SID", new Attributes("/", null, true, SameSite.NONE, true),
            "__Host-SID=<id>; Path=/; Secure; HttpOnly; SameSite=None; Partitioned"),
        argumentSet("the context path as Path", "SID", new Attributes("/shop", null, false, SameSite.LAX, false),
            "SID=<id>; Path=/shop; HttpOnly; SameSite=Lax"));
  }

  /** {@code header} has {@code <id>} for the id. */
  @ParameterizedTest
  @MethodSource("issued")
  void issueThenExactHeader(String name, Attributes attributes, String header) {
    assertThat(SetCookie.issue(name, ID, attributes)).isEqualTo(header.replace("<id>", ID));
  }

  /** Issue 7, case 11: Max-Age goes with Expires, in IMF-fixdate, from the response's clock. */
  @Test
  void issueWhenMaxAgeThenWholeSecondsAndMatchingExpiresAfterDomain() {
    Attributes a = new Attributes("/", "example.com", true, SameSite.LAX, false);

    assertThat(SetCookie.issue("SID", ID, a, Duration.ofMillis(1_209_600_999), NOW))
        .isEqualTo("SID=" + ID + "; Path=/; Domain=example.com; Max-Age=1209600;"
            + " Expires=Thu, 15 Jan 2026 00:00:00 GMT; Secure; HttpOnly; SameSite=Lax");
  }

  /** Issue 7, case 11: a single-digit day is written with two digits, as IMF-fixdate asks. */
  @Test
  void issueWhenMaxAgeThenExpiresIsImfFixdateInWholeSeconds() {
    assertThat(SetCookie.issue("SID", ID, LAX, Duration.ofSeconds(3600), Instant.parse("2026-03-05T07:08:09.999Z")))
        .isEqualTo("SID=" + ID + "; Path=/; Max-Age=3600; Expires=Thu, 05 Mar 2026 08:08:09 GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void issueWhenMaxAgeNegativeThenZeroAndExpiresNow() {
    assertThat(SetCookie.issue("SID", ID, LAX, Duration.ofSeconds(-5), NOW))
        .isEqualTo("SID=" + ID + "; Path=/; Max-Age=0; Expires=Thu, 01 Jan 2026 00:00:00 GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void clearWhenNotSecureThenExactHeader() {
    assertThat(SetCookie.clear("SID", LAX))
        .isEqualTo("SID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void clearWhenSecureThenExactHeader() {
    assertThat(SetCookie.clear("__Host-SID", SECURE_LAX))
        .isEqualTo("__Host-SID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly;"
            + " SameSite=Lax");
  }

  @Test
  void clearWhenDomainContextPathAndPartitionedThenSameAttributesAsIssued() {
    Attributes a = new Attributes("/shop", "example.com", true, SameSite.NONE, true);

    assertThat(SetCookie.clear("SID", a))
        .isEqualTo("SID=; Path=/shop; Domain=example.com; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT;"
            + " Secure; HttpOnly; SameSite=None; Partitioned");
  }

  @Test
  void issueWhenIdMalformedThenRejectedWithoutShowingIt() {
    String bad = ID + "\r\nX-Evil: 1";

    assertThatThrownBy(() -> SetCookie.issue("SID", bad, LAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sessionId is not a well-formed session id");
  }

  static Stream<Arguments> attributesNotAccepted() {
    String path = "path is not accepted; it accepts printable ASCII without ';', starting with /";
    return Stream.of(
        argumentSet("a path with ';'", "/a;Domain=evil", null, SameSite.LAX, path),
        argumentSet("a path with a control character", "/a\r\n", null, SameSite.LAX, path),
        argumentSet("a domain with ';'", "/", "a.com; Secure", SameSite.LAX,
            "domain is not accepted; it accepts a domain name such as example.com"),
        argumentSet("SameSite=None without Secure", "/", null, SameSite.NONE,
            "sameSite=None needs secure: browsers reject it without Secure"));
  }

  @ParameterizedTest
  @MethodSource("attributesNotAccepted")
  void attributesWhenNotAcceptedThenRejectedNamingTheAttribute(String path, String domain, SameSite sameSite,
      String message) {
    assertThatThrownBy(() -> new Attributes(path, domain, false, sameSite, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not an RFC 6265 token     | S ID         | /     | false | name is not accepted; it accepts an RFC 6265 token
      __Host- without Secure    | __Host-SID   | /     | false | name __Host-SID needs Secure, Path=/ and no Domain
      __Host- at a context path | __Host-SID   | /shop | true  | name __Host-SID needs Secure, Path=/ and no Domain
      __Secure- without Secure  | __Secure-SID | /     | false | name __Secure-SID needs Secure""")
  void issueWhenNameNotAllowedWithTheAttributesThenRejected(String when, String name, String path, boolean secure,
      String message) {
    Attributes a = new Attributes(path, null, secure, SameSite.LAX, false);

    assertThatThrownBy(() -> SetCookie.issue(name, ID, a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}

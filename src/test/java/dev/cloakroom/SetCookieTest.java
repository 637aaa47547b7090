package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.Settings.SameSite;
import dev.cloakroom.SetCookie.Attributes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SetCookieTest {

  /** A fixed, well-formed id (43 characters, canonical last character). */
  private static final String ID = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Attributes LAX = new Attributes("/", null, false, SameSite.LAX, false);
  private static final Attributes SECURE_LAX = new Attributes("/", null, true, SameSite.LAX, false);

  @Test
  void issueWhenDefaultLaxThenExactHeader() {
    assertThat(SetCookie.issue("SID", ID, LAX))
        .isEqualTo("SID=" + ID + "; Path=/; HttpOnly; SameSite=Lax");
  }

  @Test
  void issueWhenSecureLaxThenSecureBeforeHttpOnly() {
    assertThat(SetCookie.issue("__Host-SID", ID, SECURE_LAX))
        .isEqualTo("__Host-SID=" + ID + "; Path=/; Secure; HttpOnly; SameSite=Lax");
  }

  @Test
  void issueWhenStrictThenExactHeader() {
    Attributes a = new Attributes("/", null, false, SameSite.STRICT, false);

    assertThat(SetCookie.issue("SID", ID, a))
        .isEqualTo("SID=" + ID + "; Path=/; HttpOnly; SameSite=Strict");
  }

  @Test
  void issueWhenNoneAndSecureThenExactHeader() {
    Attributes a = new Attributes("/", null, true, SameSite.NONE, false);

    assertThat(SetCookie.issue("SID", ID, a))
        .isEqualTo("SID=" + ID + "; Path=/; Secure; HttpOnly; SameSite=None");
  }

  @Test
  void issueWhenDomainThenAfterPath() {
    Attributes a = new Attributes("/", "example.com", false, SameSite.LAX, false);

    assertThat(SetCookie.issue("SID", ID, a))
        .isEqualTo("SID=" + ID + "; Path=/; Domain=example.com; HttpOnly; SameSite=Lax");
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
  void issueWhenPartitionedThenLast() {
    Attributes a = new Attributes("/", null, true, SameSite.NONE, true);

    assertThat(SetCookie.issue("__Host-SID", ID, a))
        .isEqualTo("__Host-SID=" + ID + "; Path=/; Secure; HttpOnly; SameSite=None; Partitioned");
  }

  @Test
  void issueWhenContextPathThenPathIsIt() {
    Attributes a = new Attributes("/shop", null, false, SameSite.LAX, false);

    assertThat(SetCookie.issue("SID", ID, a))
        .isEqualTo("SID=" + ID + "; Path=/shop; HttpOnly; SameSite=Lax");
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

  @Test
  void issueWhenNameNotTokenThenRejected() {
    assertThatThrownBy(() -> SetCookie.issue("S ID", ID, LAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name is not accepted; it accepts an RFC 6265 token");
  }

  @Test
  void attributesWhenPathHasSemicolonThenRejected() {
    assertThatThrownBy(() -> new Attributes("/a;Domain=evil", null, false, SameSite.LAX, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path is not accepted; it accepts printable ASCII without ';', starting with /");
  }

  @Test
  void attributesWhenPathHasControlCharThenRejected() {
    assertThatThrownBy(() -> new Attributes("/a\r\n", null, false, SameSite.LAX, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path is not accepted; it accepts printable ASCII without ';', starting with /");
  }

  @Test
  void attributesWhenDomainHasSemicolonThenRejected() {
    assertThatThrownBy(() -> new Attributes("/", "a.com; Secure", false, SameSite.LAX, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("domain is not accepted; it accepts a domain name such as example.com");
  }

  @Test
  void attributesWhenSameSiteNoneWithoutSecureThenRejected() {
    assertThatThrownBy(() -> new Attributes("/", null, false, SameSite.NONE, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sameSite=None needs secure: browsers reject it without Secure");
  }

  @Test
  void issueWhenHostPrefixWithoutSecureThenRejected() {
    assertThatThrownBy(() -> SetCookie.issue("__Host-SID", ID, LAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name __Host-SID needs Secure, Path=/ and no Domain");
  }

  @Test
  void issueWhenHostPrefixWithContextPathThenRejected() {
    Attributes a = new Attributes("/shop", null, true, SameSite.LAX, false);

    assertThatThrownBy(() -> SetCookie.issue("__Host-SID", ID, a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name __Host-SID needs Secure, Path=/ and no Domain");
  }

  @Test
  void issueWhenSecurePrefixWithoutSecureThenRejected() {
    assertThatThrownBy(() -> SetCookie.issue("__Secure-SID", ID, LAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name __Secure-SID needs Secure");
  }
}

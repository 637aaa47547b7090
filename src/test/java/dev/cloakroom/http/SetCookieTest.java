package dev.cloakroom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.Settings.SameSite;
import dev.cloakroom.http.SetCookie.Attributes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SetCookieTest {

  /** A fixed, well-formed id (43 characters, canonical last character). */
  private static final String ID = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

  private static final Attributes LAX = new Attributes("/", null, false, SameSite.LAX, false);
  private static final Attributes SECURE_LAX = new Attributes("/", null, true, SameSite.LAX, false);

  @Test
  void issueWhenDefaultLaxThenExactHeader() {
    assertThat(SetCookie.issue("SID", ID, LAX, null))
        .isEqualTo("SID=" + ID + "; Path=/; HttpOnly; SameSite=Lax");
  }

  @Test
  void issueWhenSecureLaxThenSecureBeforeHttpOnly() {
    assertThat(SetCookie.issue("__Host-SID", ID, SECURE_LAX, null))
        .isEqualTo("__Host-SID=" + ID + "; Path=/; Secure; HttpOnly; SameSite=Lax");
  }

  @Test
  void issueWhenStrictThenExactHeader() {
    Attributes a = new Attributes("/", null, false, SameSite.STRICT, false);

    assertThat(SetCookie.issue("SID", ID, a, null))
        .isEqualTo("SID=" + ID + "; Path=/; HttpOnly; SameSite=Strict");
  }

  @Test
  void issueWhenNoneAndSecureThenExactHeader() {
    Attributes a = new Attributes("/", null, true, SameSite.NONE, false);

    assertThat(SetCookie.issue("SID", ID, a, null))
        .isEqualTo("SID=" + ID + "; Path=/; Secure; HttpOnly; SameSite=None");
  }

  @Test
  void issueWhenDomainThenAfterPath() {
    Attributes a = new Attributes("/", "example.com", false, SameSite.LAX, false);

    assertThat(SetCookie.issue("SID", ID, a, null))
        .isEqualTo("SID=" + ID + "; Path=/; Domain=example.com; HttpOnly; SameSite=Lax");
  }

  @Test
  void issueWhenMaxAgeThenWholeSecondsAfterDomain() {
    Attributes a = new Attributes("/", "example.com", true, SameSite.LAX, false);

    assertThat(SetCookie.issue("SID", ID, a, Duration.ofMillis(1_209_600_999)))
        .isEqualTo("SID=" + ID + "; Path=/; Domain=example.com; Max-Age=1209600; Secure; HttpOnly; SameSite=Lax");
  }

  @Test
  void issueWhenMaxAgeNegativeThenZero() {
    assertThat(SetCookie.issue("SID", ID, LAX, Duration.ofSeconds(-5)))
        .isEqualTo("SID=" + ID + "; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
  }

  @Test
  void issueWhenPartitionedThenLast() {
    Attributes a = new Attributes("/", null, true, SameSite.NONE, true);

    assertThat(SetCookie.issue("__Host-SID", ID, a, null))
        .isEqualTo("__Host-SID=" + ID + "; Path=/; Secure; HttpOnly; SameSite=None; Partitioned");
  }

  @Test
  void issueWhenContextPathThenPathIsIt() {
    Attributes a = new Attributes("/shop", null, false, SameSite.LAX, false);

    assertThat(SetCookie.issue("SID", ID, a, null))
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

    assertThatThrownBy(() -> SetCookie.issue("SID", bad, LAX, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sessionId is not a well-formed session id");
  }

  @Test
  void issueWhenNameNotTokenThenRejected() {
    assertThatThrownBy(() -> SetCookie.issue("S ID", ID, LAX, null))
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
    assertThatThrownBy(() -> SetCookie.issue("__Host-SID", ID, LAX, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name __Host-SID needs Secure, Path=/ and no Domain");
  }

  @Test
  void issueWhenHostPrefixWithContextPathThenRejected() {
    Attributes a = new Attributes("/shop", null, true, SameSite.LAX, false);

    assertThatThrownBy(() -> SetCookie.issue("__Host-SID", ID, a, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name __Host-SID needs Secure, Path=/ and no Domain");
  }

  @Test
  void issueWhenSecurePrefixWithoutSecureThenRejected() {
    assertThatThrownBy(() -> SetCookie.issue("__Secure-SID", ID, LAX, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name __Secure-SID needs Secure");
  }
}

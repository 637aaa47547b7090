package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.app.TestServlets;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed ids (issue 10, item 1) end to end on every container, the filter registered through
 * {@code web.xml} with {@code signingKeys=file:...}: the webapp {@code src/test/webapps/signed} holds a
 * test key file beside its web.xml, named by a path relative to the working directory (the project
 * directory under Maven), so nothing is written before deploying and no environment is needed.
 */
class SignedIdsIT {

  private static final Pattern SIGNED = Pattern.compile("^SID=([A-Za-z0-9_-]{43})\\.k1\\.([A-Za-z0-9_-]{22});");
  private static final String ATTRIBUTES = "; Path=/; HttpOnly; SameSite=Lax";

  private static AppServer start(AppServer.Kind kind) throws Exception {
    return kind.start(new Deployment.WebXml(Door.WEBAPPS.resolve("signed")));
  }

  /** The tag as documented: HMAC-SHA-256 over {@code <id>.k1} under the webapp's test key, 128 bits. */
  private static String expectedTag(String id) throws Exception {
    String entry = Files.readString(Door.WEBAPPS.resolve("signed/WEB-INF/signing-keys")).trim();
    byte[] key = Base64.getDecoder().decode(entry.substring("k1=".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] full = mac.doFinal((id + ".k1").getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
  }

  /** The signed value of the response's single Set-Cookie, after checking its exact text. */
  private static String issued(Response r) throws Exception {
    List<String> headers = r.headers().getValues("Set-Cookie");
    assertThat(headers).hasSize(1);
    Matcher m = SIGNED.matcher(headers.get(0));
    assertThat(m.find()).as("a signed session cookie: %s", headers.get(0)).isTrue();
    String id = m.group(1);
    String value = id + ".k1." + expectedTag(id);
    assertThat(headers.get(0)).isEqualTo("SID=" + value + ATTRIBUTES);
    return value;
  }

  @EveryContainer
  void createWhenSigningKeysInWebXmlThenCookieIsIdDotKidDotHmacTag(AppServer.Kind kind) throws Exception {
    try (AppServer app = start(kind)) {
      Response r = app.http().get("/counter");

      issued(r);
      assertThat(r.asString()).isEqualTo("1");
    }
  }

  @EveryContainer
  void requestWhenSignedCookieSentBackThenSameSessionAndNoNewCookie(AppServer.Kind kind) throws Exception {
    try (AppServer app = start(kind)) {
      String value = issued(app.http().get("/counter"));

      Response r = app.http().header("Cookie", "SID=" + value).get("/counter");

      assertThat(r.asString()).isEqualTo("2");
      assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
    }
  }

  @EveryContainer
  void requestWhenTagForgedThenAbsentSessionAndNewSignedIdIssued(AppServer.Kind kind) throws Exception {
    try (AppServer app = start(kind)) {
      String value = issued(app.http().queryParam(TestServlets.USER, "alice").post("/login"));
      String forged = value.substring(0, value.length() - 22) + "AAAAAAAAAAAAAAAAAAAAAA";

      assertThat(app.http().header("Cookie", "SID=" + forged).get("/whoami").asString()).isEqualTo("anonymous");
      String fresh = issued(app.http().header("Cookie", "SID=" + forged).get("/counter"));
      assertThat(fresh.substring(0, 43)).isNotEqualTo(value.substring(0, 43));
    }
  }

  @EveryContainer
  void loginWhenSignedThenNewSignedIdAndTheOldOneDead(AppServer.Kind kind) throws Exception {
    try (AppServer app = start(kind)) {
      String before = issued(app.http().get("/counter"));

      String after = issued(app.http().header("Cookie", "SID=" + before)
          .queryParam(TestServlets.USER, "alice").post("/login"));

      assertThat(after).isNotEqualTo(before);
      assertThat(app.http().header("Cookie", "SID=" + after).get("/whoami").asString()).isEqualTo("alice");
      assertThat(app.http().header("Cookie", "SID=" + before).get("/whoami").asString()).isEqualTo("anonymous");
    }
  }

  @EveryContainer
  void logoutWhenSignedThenCookieCleared(AppServer.Kind kind) throws Exception {
    try (AppServer app = start(kind)) {
      String value = issued(app.http().queryParam(TestServlets.USER, "alice").post("/login"));

      Response r = app.http().header("Cookie", "SID=" + value).post("/logout");

      assertThat(r.headers().getValues("Set-Cookie")).containsExactly(SetCookies.CLEARED);
    }
  }
}

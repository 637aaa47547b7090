package dev.cloakroom.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Requests with a session cookie, and the session id out of a response's {@code Set-Cookie}. */
public final class Clients {

  private static final Pattern SESSION_COOKIE = Pattern.compile("SID=([A-Za-z0-9_-]{43});");

  private Clients() {}

  /** GET {@code path}, sending {@code SID=sessionId} when it is not null; redirects are not followed. */
  public static Response get(String baseUrl, String path, String sessionId) {
    var spec = given().baseUri(baseUrl).redirects().follow(false);
    if (sessionId != null) {
      spec = spec.header("Cookie", "SID=" + sessionId);
    }
    return spec.get(path);
  }

  /** The id the response's {@code Set-Cookie} issues; fails the test if there is none. */
  public static String sessionId(Response r) {
    String header = r.getHeader("Set-Cookie");
    assertThat(header).as("Set-Cookie").isNotNull();
    Matcher m = SESSION_COOKIE.matcher(header);
    assertThat(m.find()).as("session cookie in " + header).isTrue();
    return m.group(1);
  }
}

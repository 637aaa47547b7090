package dev.cloakroom.e2e;

import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The session cookie's {@code Set-Cookie} texts over plain http, and helpers to read them. */
final class SetCookies {

  /** Issued over plain http with the e2e parameters; {@code <id>} stands for the 43-character id. */
  static final String ISSUED = "SID=<id>; Path=/; HttpOnly; SameSite=Lax";
  /** Cleared after logout or invalidate. */
  static final String CLEARED =
      "SID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax";

  private static final Pattern ID = Pattern.compile("^SID=([A-Za-z0-9_-]{43})(?=;|$)");

  private SetCookies() {}

  /** Every {@code Set-Cookie} of the response, ids replaced by {@code <id>}. */
  static List<String> normalized(Response response) {
    return response.headers().getValues("Set-Cookie").stream()
        .map(h -> ID.matcher(h).replaceFirst("SID=<id>"))
        .toList();
  }

  /** The id the response's single session cookie issues; fails if there is not exactly one. */
  static String issuedId(Response response) {
    List<String> headers = response.headers().getValues("Set-Cookie");
    if (headers.size() != 1) {
      throw new AssertionError("expected one Set-Cookie, got " + headers);
    }
    Matcher m = ID.matcher(headers.get(0));
    if (!m.find()) {
      throw new AssertionError("not an issued session cookie: " + headers.get(0));
    }
    return m.group(1);
  }
}

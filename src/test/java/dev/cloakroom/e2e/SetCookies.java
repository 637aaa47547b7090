package dev.cloakroom.e2e;

import io.restassured.response.Response;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session cookie's {@code Set-Cookie} texts over plain http, and the one way tests read a session id
 * out of a response.
 */
public final class SetCookies {

  /** Issued over plain http with the default parameters; {@code <id>} stands for the 43-character id. */
  public static final String ISSUED = "SID=<id>; Path=/; HttpOnly; SameSite=Lax";
  /** Cleared after logout or invalidate. */
  public static final String CLEARED =
      "SID=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax";

  private static final Pattern ID = id("SID");
  private static final Pattern ANY_ID = Pattern.compile("^([A-Za-z0-9_-]+)=[A-Za-z0-9_-]{43}(?=;|$)");

  private SetCookies() {}

  /** Every {@code Set-Cookie} of the response, ids (under any cookie name) replaced by {@code <id>}. */
  public static List<String> normalized(Response response) {
    return response.headers().getValues("Set-Cookie").stream()
        .map(h -> ANY_ID.matcher(h).replaceFirst("$1=<id>"))
        .toList();
  }

  /** The same for a response of the JDK's client (for requests that must stream or run concurrently). */
  public static List<String> normalized(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .map(h -> ANY_ID.matcher(h).replaceFirst("$1=<id>"))
        .toList();
  }

  /** The id the response's single session cookie issues; fails if there is not exactly one. */
  public static String issuedId(Response response) {
    return issuedId(response.headers().getValues("Set-Cookie"), ID);
  }

  /** The same for a cookie named {@code cookieName}, such as {@code __Host-SID}. */
  public static String issuedId(Response response, String cookieName) {
    return issuedId(response.headers().getValues("Set-Cookie"), id(cookieName));
  }

  /** The same for a response of the JDK's client (for requests that must stream or run concurrently). */
  public static String issuedId(HttpResponse<?> response) {
    return issuedId(response.headers().allValues("Set-Cookie"), ID);
  }

  /** The id an issued session cookie of the response carries, if any; a cleared cookie carries none. */
  public static Optional<String> issued(Response response) {
    return issued(response.headers().getValues("Set-Cookie"));
  }

  /** The same for a response of the JDK's client. */
  public static Optional<String> issued(HttpResponse<?> response) {
    return issued(response.headers().allValues("Set-Cookie"));
  }

  private static Optional<String> issued(List<String> headers) {
    return headers.stream().map(ID::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
  }

  private static Pattern id(String cookieName) {
    return Pattern.compile("^" + Pattern.quote(cookieName) + "=([A-Za-z0-9_-]{43})(?=;|$)");
  }

  private static String issuedId(List<String> headers, Pattern id) {
    if (headers.size() != 1) {
      throw new AssertionError("expected one Set-Cookie, got " + headers);
    }
    Matcher m = id.matcher(headers.get(0));
    if (!m.find()) {
      throw new AssertionError("not an issued session cookie: " + headers.get(0));
    }
    return m.group(1);
  }
}

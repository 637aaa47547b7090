package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.support.Hold;
import io.restassured.response.Response;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A race staged over HTTP with a {@link Hold}, without sleeping: a request that waits at the hold (in a
 * servlet after it loaded the session, or in the store's {@code load}), a racing request that the test
 * sends meanwhile with the same session cookie, then the held request let go. The held request ends
 * last, and with 200.
 *
 * @param before the session id both requests sent
 * @param racing the racing request's response
 * @param late the held request's response
 */
record Race(String before, Response racing, HttpResponse<String> late) {

  /** Holds GET {@code heldPath} on {@code app} with {@code before}, then races it with {@code racing}. */
  static Race run(Hold hold, AppServer app, String before, String heldPath, Function<String, Response> racing)
      throws Exception {
    return run(hold, before, () -> app.sendAsync(before, heldPath), racing);
  }

  /** Starts {@code held} and waits until it holds, sends {@code racing} with {@code before}, releases it. */
  static Race run(Hold hold, String before, Supplier<CompletableFuture<HttpResponse<String>>> held,
      Function<String, Response> racing) throws Exception {
    CompletableFuture<HttpResponse<String>> waiting = hold.start(held);
    Response racingResponse = racing.apply(before);
    HttpResponse<String> late = hold.release(waiting);
    assertThat(late.statusCode()).as("the held request's status").isEqualTo(200);
    return new Race(before, racingResponse, late);
  }

  /** The id the racing request's one session cookie issued. */
  String racingId() {
    return SetCookies.issuedId(racing);
  }

  /** The held request's {@code Set-Cookie} headers. */
  List<String> lateCookies() {
    return late.headers().allValues("Set-Cookie");
  }
}

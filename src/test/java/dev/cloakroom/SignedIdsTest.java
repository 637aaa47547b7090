package dev.cloakroom;

import static dev.cloakroom.e2e.Servlets.servlet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.Servlets;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Signed ids (issue 10, item 1) through the filter on an embedded Jetty, with a counting store. */
class SignedIdsTest {

  private static final String KEY1 = Base64.getEncoder().encodeToString("first key, 32 bytes or more.....".getBytes());
  private static final String KEY2 = Base64.getEncoder().encodeToString("second key, 32 bytes or more....".getBytes());
  private static final String K1 = "k1=" + KEY1;
  private static final String K2 = "k2=" + KEY2;
  private static final Pattern SIGNED = Pattern.compile(
      "^SID=([A-Za-z0-9_-]{43})\\.(k[12])\\.([A-Za-z0-9_-]{22}); Path=/; HttpOnly; SameSite=Lax$");

  private final FakeClock clock = new FakeClock();
  private final MemoryRepository memory = new MemoryRepository(1000);
  private final CountingRepository repository = new CountingRepository(memory);
  private final List<AppServer> apps = new ArrayList<>();
  private SessionFilter filter;

  private static final Servlets.Handler READ = (req, res) -> {
    HttpSession s = req.getSession(false);
    res.getWriter().print(s == null ? "none" : String.valueOf(s.getAttribute("count")));
  };

  private static final Servlets.Handler REQUESTED = (req, res) -> res.getWriter().print(
      req.getRequestedSessionId() + " " + req.isRequestedSessionIdValid() + " " + req.getSession().getId());

  @AfterEach
  void stop() throws Exception {
    for (AppServer app : apps) {
      app.close();
    }
  }

  /** Starts one more app on the same store; {@link #filter} is its filter. */
  private AppServer start(String keys) throws Exception {
    Settings.Builder b = Settings.builder().store(repository).clock(clock);
    if (keys != null) {
      b.signingKeys(keys);
    }
    filter = new SessionFilter(b.build());
    AppServer app = AppServer.Kind.JETTY_EE10.start(new Deployment.Code(filter,
        Map.of("/count", new TestServlets.Counter(), "/read", servlet(READ), "/requested", servlet(REQUESTED))));
    apps.add(app);
    return app;
  }

  /** The signed value of the response's single Set-Cookie, checked against its exact shape. */
  private static String issued(Response r) {
    List<String> headers = r.headers().getValues("Set-Cookie");
    assertThat(headers).hasSize(1);
    Matcher m = SIGNED.matcher(headers.get(0));
    assertThat(m.matches()).as("a signed session cookie: %s", headers.get(0)).isTrue();
    return m.group(1) + "." + m.group(2) + "." + m.group(3);
  }

  @Test
  void issueWhenKeysSetThenCookieIsIdDotFirstKidDotTagThatVerifies() throws Exception {
    AppServer app = start(K2 + "\n" + K1);

    String value = issued(app.http().get("/count"));

    assertThat(value).contains(".k2.");
    assertThat(IdSigner.parse(K2).verify(value)).isNotNull();
  }

  @Test
  void requestWhenSignedCookieThenSessionFoundUnderTheBareIdsStoreKey() throws Exception {
    AppServer app = start(K1);
    String value = issued(app.http().get("/count"));

    assertThat(app.http(value).get("/count").asString()).isEqualTo("2");
    assertThat(memory.load(SessionIds.storeKey(value.substring(0, SessionIds.LENGTH)))).isPresent();
  }

  @Test
  void requestedSessionIdWhenSignedCookieThenTheAppSeesTheBareId() throws Exception {
    AppServer app = start(K1);
    String value = issued(app.http().get("/count"));
    String id = value.substring(0, SessionIds.LENGTH);

    assertThat(app.http(value).get("/requested").asString()).isEqualTo(id + " true " + id);
  }

  /** Values made from a live session's signed cookie value that the filter's keys did not sign. */
  static Stream<Arguments> unsigned() {
    return Stream.of(
        argumentSet("a forged tag", (UnaryOperator<String>) v -> v.substring(0, v.length() - 22) + "A".repeat(22)),
        argumentSet("a key the filter does not hold",
            (UnaryOperator<String>) v -> IdSigner.parse("k9=" + KEY2).sign(SessionIds.generate(new SecureRandom()))),
        argumentSet("no signature: the live session's bare id",
            (UnaryOperator<String>) v -> v.substring(0, SessionIds.LENGTH)));
  }

  @ParameterizedTest
  @MethodSource("unsigned")
  void requestWhenValueNotSignedByAKeyOfTheFilterThenAbsentSessionNoStoreCallAndRejectionCounted(
      UnaryOperator<String> madeFrom) throws Exception {
    AppServer app = start(K1);
    String sent = madeFrom.apply(issued(app.http().get("/count")));
    repository.reset();

    assertThat(app.http(sent).get("/read").asString()).isEqualTo("none");
    assertThat(repository.total()).isZero();
    assertThat(filter.metrics().count(SessionEvent.REJECTED_BAD_SIGNATURE)).isEqualTo(1);
  }

  @Test
  void createWhenForgedValueSentThenNewIdIssuedAndForgedOneNeverStored() throws Exception {
    AppServer app = start(K1);
    String id = SessionIds.generate(new SecureRandom());
    String forged = id + ".k1.AAAAAAAAAAAAAAAAAAAAAA";

    String value = issued(app.http(forged).get("/count"));

    assertThat(value).doesNotStartWith(id);
    assertThat(memory.load(SessionIds.storeKey(id))).isEmpty();
  }

  @Test
  void rotationWhenNewFirstKeyAddedThenOldCookieStillLoadsAndIsReissuedUnderTheNewKey() throws Exception {
    AppServer before = start(K1);
    String old = issued(before.http().get("/count"));
    AppServer after = start(K2 + "\n" + K1);

    Response r = after.http(old).get("/count");

    assertThat(r.asString()).isEqualTo("2");
    String reissued = issued(r);
    assertThat(reissued).startsWith(old.substring(0, SessionIds.LENGTH) + ".k2.");
    assertThat(IdSigner.parse(K2).verify(reissued)).isNotNull();
  }

  @Test
  void rotationWhenOldKeyDroppedAfterReissueThenSessionStillLoads() throws Exception {
    AppServer before = start(K1);
    String old = issued(before.http().get("/count"));
    AppServer during = start(K2 + "\n" + K1);
    String reissued = issued(during.http(old).get("/read"));
    AppServer after = start(K2);

    assertThat(after.http(reissued).get("/read").asString()).isEqualTo("1");
    assertThat(after.http(old).get("/read").asString()).isEqualTo("none");
  }

  @Test
  void requestWhenSignedByTheFirstKeyThenNoCookieReissued() throws Exception {
    AppServer app = start(K2 + "\n" + K1);
    String value = issued(app.http().get("/count"));

    assertThat(app.http(value).get("/read").getHeader("Set-Cookie")).isNull();
  }

  @Test
  void logsWhenForgedValueThenRejectedAsBadSignatureShowingOnlyItsTag() throws Exception {
    AppServer app = start(K1);
    String id = SessionIds.generate(new SecureRandom());
    String forged = id + ".k1.AAAAAAAAAAAAAAAAAAAAAA";
    List<String> lines;
    try (CapturedLogs logs = new CapturedLogs()) {
      app.http(forged).get("/read");
      lines = logs.lines();
    }

    assertThat(lines).anyMatch(l -> l.contains(" session rejected reason=bad-signature idTag="));
    assertThat(lines).noneMatch(l -> l.contains(id) || l.contains(KEY1));
  }

  @Test
  void logsWhenSessionCreatedAndRotatedThenNoKeyAndNoSignedValue() throws Exception {
    List<String> lines;
    String old;
    String reissued;
    try (CapturedLogs logs = new CapturedLogs()) {
      AppServer before = start(K1);
      old = issued(before.http().get("/count"));
      AppServer after = start(K2 + "\n" + K1);
      reissued = issued(after.http(old).get("/count"));
      lines = logs.lines();
    }

    assertThat(lines).isNotEmpty().noneMatch(l -> l.contains(KEY1) || l.contains(KEY2)
        || l.contains(old.substring(0, SessionIds.LENGTH)) || l.contains(reissued));
  }

  @Test
  void requestWhenNoKeysThenCookieValueIsTheBareIdAsBefore() throws Exception {
    AppServer app = start(null);

    String header = app.http().get("/count").getHeader("Set-Cookie");

    assertThat(header).matches("SID=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax");
  }
}

package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.TestApp;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
  private final List<TestApp> apps = new ArrayList<>();

  private static final TestApp.Handler COUNT = (req, res) -> {
    HttpSession s = req.getSession();
    Integer n = (Integer) s.getAttribute("n");
    s.setAttribute("n", n == null ? 1 : n + 1);
    res.getWriter().print(s.getAttribute("n"));
  };
  private static final TestApp.Handler READ = (req, res) -> {
    HttpSession s = req.getSession(false);
    res.getWriter().print(s == null ? "none" : String.valueOf(s.getAttribute("n")));
  };

  private static final TestApp.Handler REQUESTED = (req, res) -> res.getWriter().print(
      req.getRequestedSessionId() + " " + req.isRequestedSessionIdValid() + " " + req.getSession().getId());

  @AfterEach
  void stop() throws Exception {
    for (TestApp app : apps) {
      app.close();
    }
  }

  private TestApp start(String keys) throws Exception {
    Settings.Builder b = Settings.builder().store(repository).clock(clock);
    if (keys != null) {
      b.signingKeys(keys);
    }
    TestApp app = TestApp.start(b.build(), Map.of("/count", COUNT, "/read", READ, "/requested", REQUESTED));
    apps.add(app);
    return app;
  }

  private static Response get(TestApp app, String path, String cookieValue) {
    var spec = given().baseUri(app.url()).redirects().follow(false);
    return cookieValue == null ? spec.get(path) : spec.header("Cookie", "SID=" + cookieValue).get(path);
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
    TestApp app = start(K2 + "\n" + K1);

    String value = issued(get(app, "/count", null));

    assertThat(value).contains(".k2.");
    assertThat(IdSigner.parse(K2).verify(value)).isNotNull();
  }

  @Test
  void requestWhenSignedCookieThenSessionFoundUnderTheBareIdsStoreKey() throws Exception {
    TestApp app = start(K1);
    String value = issued(get(app, "/count", null));

    assertThat(get(app, "/count", value).asString()).isEqualTo("2");
    assertThat(memory.load(SessionIds.storeKey(value.substring(0, SessionIds.LENGTH)))).isPresent();
  }

  @Test
  void requestedSessionIdWhenSignedCookieThenTheAppSeesTheBareId() throws Exception {
    TestApp app = start(K1);
    String value = issued(get(app, "/count", null));
    String id = value.substring(0, SessionIds.LENGTH);

    assertThat(get(app, "/requested", value).asString()).isEqualTo(id + " true " + id);
  }

  @Test
  void requestWhenTagForgedThenAbsentSessionAndNoStoreCall() throws Exception {
    TestApp app = start(K1);
    String value = issued(get(app, "/count", null));
    String forged = value.substring(0, value.length() - 22) + "AAAAAAAAAAAAAAAAAAAAAA";
    repository.reset();

    Response r = get(app, "/read", forged);

    assertThat(r.asString()).isEqualTo("none");
    assertThat(repository.total()).isZero();
    assertThat(app.filter().metrics().count(SessionEvent.REJECTED_BAD_SIGNATURE)).isEqualTo(1);
  }

  @Test
  void requestWhenSignedWithAnUnknownKeyThenAbsentSessionAndNoStoreCall() throws Exception {
    TestApp app = start(K1);
    String id = SessionIds.generate(new SecureRandom());
    String foreign = IdSigner.parse("k9=" + KEY2).sign(id);
    repository.reset();

    assertThat(get(app, "/read", foreign).asString()).isEqualTo("none");
    assertThat(repository.total()).isZero();
  }

  @Test
  void requestWhenUnsignedIdOfALiveSessionThenAbsentAndNoStoreCall() throws Exception {
    TestApp app = start(K1);
    String id = issued(get(app, "/count", null)).substring(0, SessionIds.LENGTH);
    repository.reset();

    assertThat(get(app, "/read", id).asString()).isEqualTo("none");
    assertThat(repository.total()).isZero();
    assertThat(app.filter().metrics().count(SessionEvent.REJECTED_BAD_SIGNATURE)).isEqualTo(1);
  }

  @Test
  void createWhenForgedValueSentThenNewIdIssuedAndForgedOneNeverStored() throws Exception {
    TestApp app = start(K1);
    String id = SessionIds.generate(new SecureRandom());
    String forged = id + ".k1.AAAAAAAAAAAAAAAAAAAAAA";

    String value = issued(get(app, "/count", forged));

    assertThat(value).doesNotStartWith(id);
    assertThat(memory.load(SessionIds.storeKey(id))).isEmpty();
  }

  @Test
  void rotationWhenNewFirstKeyAddedThenOldCookieStillLoadsAndIsReissuedUnderTheNewKey() throws Exception {
    TestApp before = start(K1);
    String old = issued(get(before, "/count", null));
    TestApp after = start(K2 + "\n" + K1);

    Response r = get(after, "/count", old);

    assertThat(r.asString()).isEqualTo("2");
    String reissued = issued(r);
    assertThat(reissued).startsWith(old.substring(0, SessionIds.LENGTH) + ".k2.");
    assertThat(IdSigner.parse(K2).verify(reissued)).isNotNull();
  }

  @Test
  void rotationWhenOldKeyDroppedAfterReissueThenSessionStillLoads() throws Exception {
    TestApp before = start(K1);
    String old = issued(get(before, "/count", null));
    TestApp during = start(K2 + "\n" + K1);
    String reissued = issued(get(during, "/read", old));
    TestApp after = start(K2);

    assertThat(get(after, "/read", reissued).asString()).isEqualTo("1");
    assertThat(get(after, "/read", old).asString()).isEqualTo("none");
  }

  @Test
  void requestWhenSignedByTheFirstKeyThenNoCookieReissued() throws Exception {
    TestApp app = start(K2 + "\n" + K1);
    String value = issued(get(app, "/count", null));

    assertThat(get(app, "/read", value).getHeader("Set-Cookie")).isNull();
  }

  @Test
  void logsWhenForgedValueThenRejectedAsBadSignatureShowingOnlyItsTag() throws Exception {
    TestApp app = start(K1);
    String id = SessionIds.generate(new SecureRandom());
    String forged = id + ".k1.AAAAAAAAAAAAAAAAAAAAAA";
    List<String> lines;
    try (CapturedLogs logs = new CapturedLogs()) {
      get(app, "/read", forged);
      lines = logs.lines();
    }

    assertThat(lines).anyMatch(l -> l.startsWith("session rejected reason=bad-signature idTag="));
    assertThat(lines).noneMatch(l -> l.contains(id) || l.contains(KEY1));
  }

  @Test
  void logsWhenSessionCreatedAndRotatedThenNoKeyAndNoSignedValue() throws Exception {
    List<String> lines;
    String old;
    String reissued;
    try (CapturedLogs logs = new CapturedLogs()) {
      TestApp before = start(K1);
      old = issued(get(before, "/count", null));
      TestApp after = start(K2 + "\n" + K1);
      reissued = issued(get(after, "/count", old));
      lines = logs.lines();
    }

    assertThat(lines).isNotEmpty().noneMatch(l -> l.contains(KEY1) || l.contains(KEY2)
        || l.contains(old.substring(0, SessionIds.LENGTH)) || l.contains(reissued));
  }

  @Test
  void requestWhenNoKeysThenCookieValueIsTheBareIdAsBefore() throws Exception {
    TestApp app = start(null);

    String header = get(app, "/count", null).getHeader("Set-Cookie");

    assertThat(header).matches("SID=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax");
  }
}

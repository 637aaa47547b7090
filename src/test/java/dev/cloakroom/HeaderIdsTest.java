package dev.cloakroom;

import static dev.cloakroom.e2e.Servlets.servlet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.Servlets;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Header ids for API clients (issue 10, item 5) through the filter on an embedded Jetty. */
class HeaderIdsTest {

  private static final String HEADER = "Session-Id";
  private static final String ID = "[A-Za-z0-9_-]{43}";

  private final FakeClock clock = new FakeClock();
  private final MemoryRepository memory = new MemoryRepository(1000);
  private final CountingRepository repository = new CountingRepository(memory);
  @AutoClose
  private AppServer app;

  private static final Servlets.Handler READ = (req, res) -> {
    HttpSession s = req.getSession(false);
    res.getWriter().print(s == null ? "none" : s.getAttribute("count") + " " + s.getAttribute("user"));
  };
  private static final Servlets.Handler LOGIN = (req, res) -> req.getSession().setAttribute("user", "alice");
  private static final Servlets.Handler LOGOUT = (req, res) -> req.getSession().invalidate();

  private void start(Settings.Builder b) throws Exception {
    SessionFilter filter = new SessionFilter(b.store(repository).clock(clock).principalAttribute("user").build());
    app = AppServer.Kind.JETTY_EE10.start(new Deployment.Code(filter, Map.of("/count", new TestServlets.Counter(),
        "/read", servlet(READ), "/login", servlet(LOGIN), "/logout", servlet(LOGOUT))));
  }

  private void startHeaderOnly() throws Exception {
    start(Settings.builder().sessionIdSources(List.of(Settings.IdSource.HEADER)));
  }

  private Response withHeader(String path, String value) {
    return app.http().header(HEADER, value).get(path);
  }

  @Test
  void createWhenHeaderSourceThenIdInResponseHeaderAndNoSetCookie() throws Exception {
    startHeaderOnly();

    Response r = app.http().get("/count");

    assertThat(r.getHeader(HEADER)).matches(ID);
    assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
  }

  @Test
  void apiClientWhenItSpeaksOnlyTheHeaderThenCreateReadLoginAndLogoutWork() throws Exception {
    startHeaderOnly();
    String id = app.http().get("/count").getHeader(HEADER);

    Response read = withHeader("/count", id);
    assertThat(read.asString()).isEqualTo("2");
    assertThat(read.getHeader(HEADER)).isNull();

    Response login = withHeader("/login", id);
    String newId = login.getHeader(HEADER);
    assertThat(newId).matches(ID).isNotEqualTo(id);
    assertThat(login.headers().getValues("Set-Cookie")).isEmpty();
    assertThat(withHeader("/read", id).asString()).isEqualTo("none");
    assertThat(withHeader("/read", newId).asString()).isEqualTo("2 alice");

    Response logout = withHeader("/logout", newId);
    assertThat(logout.getHeaders().getValues(HEADER)).containsExactly("");
    assertThat(logout.headers().getValues("Set-Cookie")).isEmpty();
    assertThat(withHeader("/read", newId).asString()).isEqualTo("none");
  }

  @Test
  void createWhenUnknownHeaderIdSentThenNotAdoptedAndNewIdIssued() throws Exception {
    startHeaderOnly();
    String unknown = SessionIds.generate(new SecureRandom());

    Response r = withHeader("/count", unknown);

    assertThat(r.getHeader(HEADER)).matches(ID).isNotEqualTo(unknown);
    assertThat(memory.load(SessionIds.storeKey(unknown))).isEmpty();
  }

  @Test
  void requestWhenIdOnlyInQueryStringThenIgnoredWithoutStoreCall() throws Exception {
    startHeaderOnly();
    String id = app.http().get("/count").getHeader(HEADER);
    repository.reset();

    Response r = app.http().queryParam(HEADER, id).get("/read");

    assertThat(r.asString()).isEqualTo("none");
    assertThat(repository.total()).isZero();
  }

  @Test
  void loginWhenSessionCameThroughHeaderWithCookieDeclaredFirstThenNewIdInHeaderNeverCookie()
      throws Exception {
    start(Settings.builder().sessionIdSources(List.of(Settings.IdSource.COOKIE, Settings.IdSource.HEADER)));
    String id = app.http().header(HEADER, "").get("/count").getHeader(HEADER);

    Response login = withHeader("/login", id);

    assertThat(login.getHeader(HEADER)).matches(ID).isNotEqualTo(id);
    assertThat(login.headers().getValues("Set-Cookie")).isEmpty();
  }

  @Test
  void requestWhenBothSourcesCarryIdsThenTheFirstDeclaredWins() throws Exception {
    start(Settings.builder().sessionIdSources(List.of(Settings.IdSource.HEADER, Settings.IdSource.COOKIE)));
    String viaHeader = withHeader("/count", "").getHeader(HEADER);
    withHeader("/count", viaHeader);
    String viaCookie = SessionIds.generate(new SecureRandom());

    Response r = app.http().header(HEADER, viaHeader).header("Cookie", "SID=" + viaCookie).get("/read");

    assertThat(r.asString()).isEqualTo("2 null");
  }

  @Test
  void requestWhenCookieDeclaredFirstAndBothCarryIdsThenTheCookieWins() throws Exception {
    start(Settings.builder().sessionIdSources(List.of(Settings.IdSource.COOKIE, Settings.IdSource.HEADER)));
    String cookieSet = app.http().get("/count").getHeader("Set-Cookie");
    String viaCookie = cookieSet.substring(4, 4 + 43);
    String viaHeader = withHeader("/count", "").getHeader(HEADER);
    withHeader("/count", viaHeader);

    Response r = app.http().header(HEADER, viaHeader).header("Cookie", "SID=" + viaCookie).get("/read");

    assertThat(r.asString()).isEqualTo("1 null");
  }

  @Test
  void createWhenCookieDeclaredFirstAndRequestCarriesNothingThenCookieIssued() throws Exception {
    start(Settings.builder().sessionIdSources(List.of(Settings.IdSource.COOKIE, Settings.IdSource.HEADER)));

    Response r = app.http().get("/count");

    assertThat(r.getHeader("Set-Cookie")).matches("SID=" + ID + "; Path=/; HttpOnly; SameSite=Lax");
    assertThat(r.getHeader(HEADER)).isNull();
  }

  @Test
  void headerWhenSigningKeysSetThenSignedAndForgedHeaderValueCostsNoStoreCall() throws Exception {
    String keys = "k1=" + Base64.getEncoder().encodeToString(new byte[32]);
    start(Settings.builder().sessionIdSources(List.of(Settings.IdSource.HEADER)).signingKeys(keys));
    String value = app.http().get("/count").getHeader(HEADER);
    assertThat(value).matches(ID + "\\.k1\\.[A-Za-z0-9_-]{22}");
    assertThat(IdSigner.parse(keys).verify(value)).isNotNull();
    assertThat(withHeader("/count", value).asString()).isEqualTo("2");
    repository.reset();

    Response forged = withHeader("/read", value.substring(0, SessionIds.LENGTH) + ".k1.AAAAAAAAAAAAAAAAAAAAAA");

    assertThat(forged.asString()).isEqualTo("none");
    assertThat(repository.total()).isZero();
  }

  @Test
  void settingsWhenHeaderNamedThenThatHeaderIsUsed() throws Exception {
    start(Settings.builder().sessionIdSources(List.of(Settings.IdSource.HEADER)).sessionHeader("X-Api-Session"));

    Response r = app.http().get("/count");

    assertThat(r.getHeader("X-Api-Session")).matches(ID);
    assertThat(r.getHeader(HEADER)).isNull();
  }
}

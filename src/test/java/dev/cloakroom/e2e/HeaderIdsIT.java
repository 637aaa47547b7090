package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.app.TestServlets;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Header ids (issue 10, item 5) end to end on every container: an API client that never sees a cookie,
 * the filter registered through {@code web.xml} with {@code sessionIdSources=header}
 * ({@code src/test/webapps/header-ids}).
 */
class HeaderIdsIT {

  private static final String HEADER = "Session-Id";
  private static final String ID = "[A-Za-z0-9_-]{43}";

  private static AppServer start(AppServer.Kind kind) throws Exception {
    return kind.start(new Deployment.WebXml(Door.WEBAPPS.resolve("header-ids")));
  }

  private static RequestSpecification client(AppServer app, String id) {
    return app.http().header(HEADER, id);
  }

  private static String randomId() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @EveryContainer
  void apiClientWhenItSpeaksOnlyTheHeaderThenCreateReadLoginAndLogoutWork(AppServer.Kind kind) throws Exception {
    try (AppServer app = start(kind)) {
      Response created = app.http().get("/counter");
      String id = created.getHeader(HEADER);
      assertThat(id).matches(ID);
      assertThat(created.headers().getValues("Set-Cookie")).isEmpty();

      Response read = client(app, id).get("/counter");
      assertThat(read.asString()).isEqualTo("2");
      assertThat(read.headers().getValues(HEADER)).isEmpty();

      Response login = client(app, id).queryParam(TestServlets.USER, "alice").post("/login");
      String newId = login.getHeader(HEADER);
      assertThat(newId).matches(ID).isNotEqualTo(id);
      assertThat(login.headers().getValues("Set-Cookie")).isEmpty();
      assertThat(client(app, newId).get("/whoami").asString()).isEqualTo("alice");
      assertThat(client(app, id).get("/whoami").asString()).isEqualTo("anonymous");

      Response logout = client(app, newId).post("/logout");
      assertThat(logout.headers().getValues(HEADER)).containsExactly("");
      assertThat(logout.headers().getValues("Set-Cookie")).isEmpty();
      assertThat(client(app, newId).get("/whoami").asString()).isEqualTo("anonymous");
    }
  }

  @EveryContainer
  void requestWhenUnknownHeaderIdThenNeverAdoptedAndNewIdIssued(AppServer.Kind kind) throws Exception {
    try (AppServer app = start(kind)) {
      String unknown = randomId();

      Response r = client(app, unknown).get("/counter");

      assertThat(r.asString()).isEqualTo("1");
      String issued = r.getHeader(HEADER);
      assertThat(issued).matches(ID).isNotEqualTo(unknown);
      assertThat(client(app, unknown).get("/counter").asString()).isEqualTo("1");
    }
  }

  @EveryContainer
  void requestWhenIdInQueryStringOrCookieThenIgnored(AppServer.Kind kind) throws Exception {
    try (AppServer app = start(kind)) {
      String id = app.http().queryParam(TestServlets.USER, "alice").post("/login").getHeader(HEADER);

      assertThat(app.http().queryParam(HEADER, id).get("/whoami").asString()).isEqualTo("anonymous");
      assertThat(app.http().header("Cookie", "SID=" + id).get("/whoami").asString()).isEqualTo("anonymous");
      assertThat(client(app, id).get("/whoami").asString()).isEqualTo("alice");
    }
  }
}

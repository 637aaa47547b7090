package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.app.SharedStore;
import dev.cloakroom.support.CountingRepository;
import io.restassured.response.Response;

/**
 * Issue 10, item 3, over HTTP on every container, with the filter registered through web.xml
 * ({@code src/test/webapps/passive}): {@code passivePaths=/api/poll, /status/*, *.json},
 * {@code passiveHeader=X-Passive}, {@code touchInterval=0} (an ordinary request always writes its access
 * time). Passive requests read the session and make no store write and no cookie.
 */
class PassiveRequestIT {

  private static AppServer start(AppServer.Kind kind) throws Exception {
    return kind.start(new Deployment.WebXml(Door.WEBAPPS.resolve("passive")));
  }

  /** A new session holding {@code n=x}; the app's store counts its calls from then on. */
  private static String sessionHoldingX(AppServer app) {
    String id = SetCookies.issuedId(app.http().get("/set?name=n&value=x"));
    SharedStore.last().reset();
    return id;
  }

  private static int writes() {
    CountingRepository store = SharedStore.last();
    return store.calls("save") + store.calls("create") + store.calls("changeKey") + store.calls("delete");
  }

  @EveryContainer
  void pollingOnPassivePathsThenAttributesReadAndNothingWrittenNorCookieSent(AppServer.Kind kind)
      throws Exception {
    try (AppServer app = start(kind)) {
      String id = sessionHoldingX(app);

      for (String path : new String[] {"/api/poll?name=n", "/status/unread?name=n", "/inbox.json?name=n"}) {
        Response r = app.http(id).get(path);
        assertThat(r.asString()).as(path).isEqualTo("x");
        assertThat(r.headers().getValues("Set-Cookie")).as(path).isEmpty();
      }

      assertThat(writes()).isZero();
      assertThat(SharedStore.last().calls("load")).isEqualTo(3);
      assertThat(app.http(id).get("/read?name=n").asString()).isEqualTo("x");
      assertThat(SharedStore.last().calls("save")).as("an ordinary request at touchInterval=0 writes").isPositive();
    }
  }

  @EveryContainer
  void requestWithPassiveHeaderThenAttributesReadAndNothingWrittenNorCookieSent(AppServer.Kind kind)
      throws Exception {
    try (AppServer app = start(kind)) {
      String id = sessionHoldingX(app);

      Response r = app.http(id).header("X-Passive", "1").get("/read?name=n");

      assertThat(r.asString()).isEqualTo("x");
      assertThat(r.headers().getValues("Set-Cookie")).isEmpty();
      assertThat(writes()).isZero();
    }
  }
}

package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.event.SessionEvent;
import io.restassured.response.Response;

/**
 * The default memory store over real HTTP on every container: a full store evicts anonymous sessions
 * rather than refusing new visitors (issue 7, case 8). The filter is registered in code with
 * {@code principalAttribute=user}. Live objects (issue 7, case 7) do not depend on the container:
 * {@code MemoryStoreTest} shows them.
 */
class MemoryStoreIT {

  /**
   * Issue 7, case 8: a store of five sessions serves 30 new visitors while two users stay signed in, and
   * a third can still sign in; the 28 sessions over the bound are evicted, all anonymous.
   */
  @EveryContainer
  void requestsWhenSmallStoreOverflowsThenNewVisitorsAndSignedInUsersServed(AppServer.Kind kind) throws Exception {
    SessionFilter filter = new SessionFilter(Settings.builder().maxSessions(5).principalAttribute(TestServlets.USER)
        .build());
    try (AppServer server = kind.start(new Deployment.Code(filter, TestServlets.all()))) {
      String alice = SetCookies.issuedId(signIn(server, "alice"));
      String bob = SetCookies.issuedId(signIn(server, "bob"));

      for (int i = 0; i < 30; i++) {
        Response visitor = server.http().get("/counter");
        assertThat(visitor.statusCode()).as("visitor %d", i).isEqualTo(200);
        assertThat(visitor.asString()).isEqualTo("1");
        assertThat(server.http(alice).get("/whoami").asString()).isEqualTo("alice");
        assertThat(server.http(bob).get("/whoami").asString()).isEqualTo("bob");
      }
      Response carol = signIn(server, "carol");

      assertThat(carol.statusCode()).isEqualTo(200);
      assertThat(server.http(SetCookies.issuedId(carol)).get("/whoami").asString()).isEqualTo("carol");
      assertThat(filter.metrics().count(SessionEvent.EVICTED)).isEqualTo(28);
      assertThat(filter.metrics().count(SessionEvent.STORE_ERROR)).isZero();
    }
  }

  private static Response signIn(AppServer server, String user) {
    return server.http().formParam(TestServlets.USER, user).post("/login");
  }
}

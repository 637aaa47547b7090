package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.event.SessionEvent;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The default memory store over real HTTP on every container: live objects (issue 7, case 7) and a full
 * store that evicts anonymous sessions rather than refusing new visitors (issue 7, case 8). The filter is
 * registered in code with {@code principalAttribute=user}.
 */
class MemoryStoreIT {

  /** Not {@link java.io.Serializable}, which the container's own sessions accept in a non-distributable app. */
  public static final class Basket {
    final String item;

    Basket(String item) {
      this.item = item;
    }
  }

  /** GET item=NAME: puts a {@link Basket} in the session; prints {@code kept} or the exception refusing it. */
  public static class PutBasket extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String answer;
      try {
        request.getSession().setAttribute("basket", new Basket(request.getParameter("item")));
        answer = "kept";
      } catch (IllegalArgumentException e) {
        answer = "refused " + e.getClass().getSimpleName();
      }
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().print(answer);
    }
  }

  /** GET: the basket's item, or {@code none}. */
  public static class ReadBasket extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      HttpSession session = request.getSession(false);
      Object basket = session == null ? null : session.getAttribute("basket");
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().print(basket instanceof Basket b ? b.item : "none");
    }
  }

  private AppServer server;
  private SessionFilter filter;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(AppServer.Kind kind, Settings.Builder settings) throws Exception {
    filter = new SessionFilter(settings.principalAttribute(TestServlets.USER).build());
    Map<String, HttpServlet> servlets = new LinkedHashMap<>(TestServlets.all());
    servlets.put("/basket", new PutBasket());
    servlets.put("/basket/read", new ReadBasket());
    server = kind.start(new Deployment.Code(filter, servlets));
  }

  private Response signIn(String user) {
    return server.http().formParam(TestServlets.USER, user)
        .post("/login");
  }

  /** Issue 7, case 7: a value that is not Serializable works on the default store. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void setAttributeWhenNotSerializableOnDefaultStoreThenKeptAndReadBack(AppServer.Kind kind) throws Exception {
    start(kind, Settings.builder());

    Response put = server.http().get("/basket?item=apple");
    Response read = server.http(SetCookies.issuedId(put)).get("/basket/read");

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.asString()).isEqualTo("kept");
    assertThat(read.asString()).isEqualTo("apple");
  }

  /** Issue 7, case 7: with memoryEncoding, the value is refused at setAttribute, as Redis would refuse it. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void setAttributeWhenNotSerializableAndMemoryEncodingThenIllegalArgumentException(AppServer.Kind kind)
      throws Exception {
    start(kind, Settings.builder().memoryEncoding(true));

    Response put = server.http().get("/basket?item=apple");

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.asString()).isEqualTo("refused IllegalArgumentException");
  }

  /**
   * Issue 7, case 8: a store of five sessions serves 30 new visitors while two users stay signed in, and
   * a third can still sign in; the 28 sessions over the bound are evicted, all anonymous.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(AppServer.Kind.class)
  void requestsWhenSmallStoreOverflowsThenNewVisitorsAndSignedInUsersServed(AppServer.Kind kind) throws Exception {
    start(kind, Settings.builder().maxSessions(5));
    String alice = SetCookies.issuedId(signIn("alice"));
    String bob = SetCookies.issuedId(signIn("bob"));

    for (int i = 0; i < 30; i++) {
      Response visitor = server.http().get("/counter");
      assertThat(visitor.statusCode()).as("visitor %d", i).isEqualTo(200);
      assertThat(visitor.asString()).isEqualTo("1");
      assertThat(server.http(alice).get("/whoami").asString()).isEqualTo("alice");
      assertThat(server.http(bob).get("/whoami").asString()).isEqualTo("bob");
    }
    Response carol = signIn("carol");

    assertThat(carol.statusCode()).isEqualTo(200);
    assertThat(server.http(SetCookies.issuedId(carol)).get("/whoami").asString()).isEqualTo("carol");
    assertThat(filter.metrics().count(SessionEvent.EVICTED)).isEqualTo(28);
    assertThat(filter.metrics().count(SessionEvent.STORE_ERROR)).isZero();
  }
}

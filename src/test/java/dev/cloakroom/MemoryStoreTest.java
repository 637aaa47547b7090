package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.Hold;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The default memory store through the filter, on embedded Jetty: it keeps live objects like the
 * container (issue 7, case 7) and a full store evicts anonymous sessions instead of locking everyone
 * out (issue 7, case 8).
 */
class MemoryStoreTest {

  /** Not {@link java.io.Serializable}: the container's own sessions accept it in a non-distributable app. */
  static final class Basket {
    final String item;

    Basket(String item) {
      this.item = item;
    }
  }

  private final FakeClock clock = new FakeClock();
  private final List<Object> seen = new CopyOnWriteArrayList<>();
  private final List<String> destroyed = new CopyOnWriteArrayList<>();
  private final Hold hold = new Hold();
  private SessionFilter filter;
  @AutoClose
  private AppServer app;

  private void start(Settings.Builder builder) throws Exception {
    filter = new SessionFilter(builder.clock(clock).principalAttribute("user").listener(new HttpSessionListener() {
      @Override
      public void sessionDestroyed(HttpSessionEvent e) {
        destroyed.add(e.getSession().getId());
      }
    }).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/touch", (req, res) -> req.getSession(),
        "/basket", (req, res) -> {
          try {
            req.getSession().setAttribute("basket", new Basket(req.getParameter("item")));
            res.getWriter().print("kept");
          } catch (IllegalArgumentException e) {
            res.getWriter().print("refused: " + e.getMessage());
          }
        },
        "/grow", (req, res) -> {
          List<Object> list = new ArrayList<>(List.of("serializable"));
          req.getSession().setAttribute("list", list);
          list.add(new Basket("not serializable")); // after setAttribute: found only at commit
          res.getWriter().print("grown");
        },
        "/read", (req, res) -> {
          HttpSession s = req.getSession(false);
          Object basket = s == null ? null : s.getAttribute("basket");
          seen.add(basket == null ? "none" : basket);
          res.getWriter().print(basket instanceof Basket b ? b.item : "none");
        },
        "/hold", (req, res) -> {
          req.getSession().setAttribute("basket", new Basket("held"));
          hold.here();
          res.getWriter().print("released");
        },
        "/login", (req, res) -> req.getSession().setAttribute("user", req.getParameter("u")),
        "/whoami", (req, res) -> {
          HttpSession s = req.getSession(false);
          res.getWriter().print(s == null ? "none" : String.valueOf(s.getAttribute("user")));
        })));
  }

  // ---- issue 7, case 7: live objects

  /** Issue 7, case 7: a value that is not Serializable works on the default store. */
  @Test
  void setAttributeWhenValueNotSerializableThenKeptAndReadOnTheNextRequest() throws Exception {
    start(Settings.builder());

    Response set = app.http().get("/basket?item=apple");
    Response read = app.http(SetCookies.issuedId(set)).get("/read");

    assertThat(set.getStatusCode()).isEqualTo(200);
    assertThat(set.asString()).isEqualTo("kept");
    assertThat(read.asString()).isEqualTo("apple");
  }

  /** Issue 7, case 7: a read costs no decoding; every request sees the very object that was set. */
  @Test
  void getAttributeWhenReadByTwoRequestsThenTheSameInstance() throws Exception {
    start(Settings.builder());
    String id = SetCookies.issuedId(app.http().get("/basket?item=apple"));

    app.http(id).get("/read");
    app.http(id).get("/read");

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isInstanceOf(Basket.class).isSameAs(seen.get(1));
  }

  /** Issue 7, case 7: as in a container, a value set is visible to a concurrent request at once. */
  @Test
  void setAttributeWhileRequestStillRunningThenConcurrentRequestSeesIt() throws Exception {
    start(Settings.builder());
    String id = SetCookies.issuedId(app.http().get("/touch"));
    CompletableFuture<HttpResponse<String>> holding = hold.start(() -> app.sendAsync(id, "/hold"));

    String concurrent = app.http(id).get("/read").asString();

    assertThat(concurrent).isEqualTo("held");
    assertThat(hold.release(holding).body()).isEqualTo("released");
  }

  /** Issue 7, case 7: with memoryEncoding the store encodes like Redis, and refuses at setAttribute. */
  @Test
  void setAttributeWhenMemoryEncodingAndValueNotSerializableThenIllegalArgumentException() throws Exception {
    assertThat(okWithMemoryEncoding("/basket?item=apple"))
        .startsWith("refused: setAttribute: basket cannot be stored: ");
  }

  /** Issue 7, case 7: a value made unencodable after setAttribute is not saved, and is no 500 at commit. */
  @Test
  void commitWhenMemoryEncodingAndValueMutatedIntoUnencodableThenNoServerError() throws Exception {
    assertThat(okWithMemoryEncoding("/grow")).isEqualTo("grown");
  }

  /** The body of a new visitor's {@code path} with {@code memoryEncoding=true}, checked to be a 200. */
  private String okWithMemoryEncoding(String path) throws Exception {
    start(Settings.builder().memoryEncoding(true));

    Response r = app.http().get(path);

    assertThat(r.getStatusCode()).isEqualTo(200);
    return r.asString();
  }

  // ---- issue 7, case 8: a full store degrades

  /** Issue 7, case 8: a new visitor at a full store gets a session; the least recently used one goes. */
  @Test
  void createWhenStoreFullOfAnonymousSessionsThenNewVisitorServedAndOldestEvicted() throws Exception {
    start(Settings.builder().maxSessions(2));
    String oldest = SetCookies.issuedId(app.http().get("/basket?item=old"));
    clock.advance(Duration.ofMinutes(1));
    String recent = SetCookies.issuedId(app.http().get("/basket?item=recent"));
    clock.advance(Duration.ofMinutes(1));

    Response visitor = app.http().get("/basket?item=new");

    assertThat(visitor.getStatusCode()).isEqualTo(200);
    assertThat(app.http(SetCookies.issuedId(visitor)).get("/read").asString()).isEqualTo("new");
    assertThat(app.http(recent).get("/read").asString()).isEqualTo("recent");
    assertThat(app.http(oldest).get("/read").asString()).isEqualTo("none");
    assertThat(filter.metrics().count(SessionEvent.EVICTED)).isEqualTo(1);
    assertThat(filter.metrics().getCounts()).containsEntry("evicted", 1L); // as JMX shows it
  }

  /** Issue 7, case 8: an evicted session's listeners hear sessionDestroyed, once, as for an expiry. */
  @Test
  void createWhenSessionEvictedThenItsDestroyedListenerFiredOnce() throws Exception {
    start(Settings.builder().maxSessions(1));
    String evicted = SetCookies.issuedId(app.http().get("/touch"));

    app.http().get("/touch");
    Response after = app.http(evicted).get("/whoami");

    assertThat(after.asString()).isEqualTo("none");
    // the store holds no raw id: its key stands in, as for a session the sweeper removes
    assertThat(destroyed).containsExactly(SessionIds.storeKey(evicted));
  }

  /** Issue 7, case 8: a signed-in user is never refused while anonymous sessions can make room. */
  @Test
  void requestsWhenAnonymousVisitorsFloodAFullStoreThenSignedInUsersNever503() throws Exception {
    start(Settings.builder().maxSessions(3));
    String alice = SetCookies.issuedId(app.http().get("/login?u=alice"));
    List<Integer> statuses = new ArrayList<>();

    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(10));
      statuses.add(app.http().get("/touch").getStatusCode());
      Response whoami = app.http(alice).get("/whoami");
      statuses.add(whoami.getStatusCode());
      assertThat(whoami.asString()).isEqualTo("alice");
    }
    Response bob = app.http().get("/login?u=bob");

    assertThat(statuses).containsOnly(200);
    assertThat(bob.getStatusCode()).isEqualTo(200);
    assertThat(app.http(SetCookies.issuedId(bob)).get("/whoami").asString()).isEqualTo("bob");
    assertThat(app.http(alice).get("/whoami").asString()).isEqualTo("alice");
  }

  /** Issue 7, case 8: an expired session taken to make room counts as expired, not as evicted. */
  @Test
  void createWhenStoreFullOfSignedInSessionsAndOneExpiredThenVisitorServedAndExpiryCounted() throws Exception {
    start(Settings.builder().maxSessions(1));
    String alice = SetCookies.issuedId(app.http().get("/login?u=alice"));
    clock.advance(Duration.ofMinutes(31));

    Response visitor = app.http().get("/touch");

    assertThat(visitor.getStatusCode()).isEqualTo(200);
    assertThat(destroyed).containsExactly(SessionIds.storeKey(alice));
    assertThat(filter.metrics().count(SessionEvent.EXPIRED_IDLE)).isEqualTo(1);
    assertThat(filter.metrics().count(SessionEvent.EVICTED)).isZero();
  }

  /** Issue 7, case 8: evictions are logged as a count at most once a minute, never one line each. */
  @Test
  void createWhenEvictingRepeatedlyThenOneLogLinePerMinuteWithTheCount() throws Exception {
    start(Settings.builder().maxSessions(1));
    List<String> lines;
    try (CapturedLogs logs = new CapturedLogs()) {
      for (int i = 0; i < 4; i++) {
        app.http().get("/touch"); // the 2nd, 3rd and 4th evict
      }
      clock.advance(Duration.ofMinutes(1));
      app.http().get("/touch");
      lines = logs.lines().stream().filter(l -> l.contains("evicted")).toList();
    }

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains(" sessions evicted count=1 reason=store-full");
    assertThat(lines.get(1)).contains(" sessions evicted count=3 reason=store-full");
    assertThat(filter.metrics().count(SessionEvent.EVICTED)).isEqualTo(4);
  }
}

package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.Clients;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.TestApp;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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
  private final CountDownLatch setDone = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private TestApp app;

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (app != null) {
      app.close();
    }
  }

  private void start(Settings.Builder builder) throws Exception {
    app = TestApp.start(builder.clock(clock).principalAttribute("user").listener(new HttpSessionListener() {
      @Override
      public void sessionDestroyed(HttpSessionEvent e) {
        destroyed.add(e.getSession().getId());
      }
    }).build(), Map.of(
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
          setDone.countDown();
          res.getWriter().print(release.await(30, TimeUnit.SECONDS) ? "released" : "timeout");
        },
        "/login", (req, res) -> req.getSession().setAttribute("user", req.getParameter("u")),
        "/whoami", (req, res) -> {
          HttpSession s = req.getSession(false);
          res.getWriter().print(s == null ? "none" : String.valueOf(s.getAttribute("user")));
        }));
  }

  private Response get(String path, String sessionId) {
    return Clients.get(app.url(), path, sessionId);
  }

  // ---- issue 7, case 7: live objects

  /** Issue 7, case 7: a value that is not Serializable works on the default store. */
  @Test
  void setAttributeWhenValueNotSerializableThenKeptAndReadOnTheNextRequest() throws Exception {
    start(Settings.builder());

    Response set = get("/basket?item=apple", null);
    Response read = get("/read", Clients.sessionId(set));

    assertThat(set.getStatusCode()).isEqualTo(200);
    assertThat(set.asString()).isEqualTo("kept");
    assertThat(read.asString()).isEqualTo("apple");
  }

  /** Issue 7, case 7: a read costs no decoding; every request sees the very object that was set. */
  @Test
  void getAttributeWhenReadByTwoRequestsThenTheSameInstance() throws Exception {
    start(Settings.builder());
    String id = Clients.sessionId(get("/basket?item=apple", null));

    get("/read", id);
    get("/read", id);

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isInstanceOf(Basket.class).isSameAs(seen.get(1));
  }

  /** Issue 7, case 7: as in a container, a value set is visible to a concurrent request at once. */
  @Test
  void setAttributeWhileRequestStillRunningThenConcurrentRequestSeesIt() throws Exception {
    start(Settings.builder());
    String id = Clients.sessionId(get("/touch", null));
    HttpClient client = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<String>> holding = client.sendAsync(
        HttpRequest.newBuilder(URI.create(app.url() + "/hold")).header("Cookie", "SID=" + id).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(setDone.await(30, TimeUnit.SECONDS)).isTrue();

    String concurrent = get("/read", id).asString();
    release.countDown();

    assertThat(concurrent).isEqualTo("held");
    assertThat(holding.get(30, TimeUnit.SECONDS).body()).isEqualTo("released");
  }

  /** Issue 7, case 7: with memoryEncoding the store encodes like Redis, and refuses at setAttribute. */
  @Test
  void setAttributeWhenMemoryEncodingAndValueNotSerializableThenIllegalArgumentException() throws Exception {
    start(Settings.builder().memoryEncoding(true));

    Response r = get("/basket?item=apple", null);

    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.asString()).startsWith("refused: setAttribute: basket cannot be stored: ");
  }

  /** Issue 7, case 7: a value made unencodable after setAttribute is not saved, and is no 500 at commit. */
  @Test
  void commitWhenMemoryEncodingAndValueMutatedIntoUnencodableThenNoServerError() throws Exception {
    start(Settings.builder().memoryEncoding(true));

    Response r = get("/grow", null);

    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("grown");
  }

  // ---- issue 7, case 8: a full store degrades

  /** Issue 7, case 8: a new visitor at a full store gets a session; the least recently used one goes. */
  @Test
  void createWhenStoreFullOfAnonymousSessionsThenNewVisitorServedAndOldestEvicted() throws Exception {
    start(Settings.builder().maxSessions(2));
    String oldest = Clients.sessionId(get("/basket?item=old", null));
    clock.advance(Duration.ofMinutes(1));
    String recent = Clients.sessionId(get("/basket?item=recent", null));
    clock.advance(Duration.ofMinutes(1));

    Response visitor = get("/basket?item=new", null);

    assertThat(visitor.getStatusCode()).isEqualTo(200);
    assertThat(get("/read", Clients.sessionId(visitor)).asString()).isEqualTo("new");
    assertThat(get("/read", recent).asString()).isEqualTo("recent");
    assertThat(get("/read", oldest).asString()).isEqualTo("none");
    assertThat(app.filter().metrics().count(SessionEvent.EVICTED)).isEqualTo(1);
    assertThat(app.filter().metrics().getCounts()).containsEntry("evicted", 1L); // as JMX shows it
  }

  /** Issue 7, case 8: an evicted session's listeners hear sessionDestroyed, once, as for an expiry. */
  @Test
  void createWhenSessionEvictedThenItsDestroyedListenerFiredOnce() throws Exception {
    start(Settings.builder().maxSessions(1));
    String evicted = Clients.sessionId(get("/touch", null));

    get("/touch", null);
    Response after = get("/whoami", evicted);

    assertThat(after.asString()).isEqualTo("none");
    // the store holds no raw id: its key stands in, as for a session the sweeper removes
    assertThat(destroyed).containsExactly(SessionIds.storeKey(evicted));
  }

  /** Issue 7, case 8: a signed-in user is never refused while anonymous sessions can make room. */
  @Test
  void requestsWhenAnonymousVisitorsFloodAFullStoreThenSignedInUsersNever503() throws Exception {
    start(Settings.builder().maxSessions(3));
    String alice = Clients.sessionId(get("/login?u=alice", null));
    List<Integer> statuses = new ArrayList<>();

    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(10));
      statuses.add(get("/touch", null).getStatusCode());
      Response whoami = get("/whoami", alice);
      statuses.add(whoami.getStatusCode());
      assertThat(whoami.asString()).isEqualTo("alice");
    }
    Response bob = get("/login?u=bob", null);

    assertThat(statuses).containsOnly(200);
    assertThat(bob.getStatusCode()).isEqualTo(200);
    assertThat(get("/whoami", Clients.sessionId(bob)).asString()).isEqualTo("bob");
    assertThat(get("/whoami", alice).asString()).isEqualTo("alice");
  }

  /** Issue 7, case 8: an expired session taken to make room counts as expired, not as evicted. */
  @Test
  void createWhenStoreFullOfSignedInSessionsAndOneExpiredThenVisitorServedAndExpiryCounted() throws Exception {
    start(Settings.builder().maxSessions(1));
    String alice = Clients.sessionId(get("/login?u=alice", null));
    clock.advance(Duration.ofMinutes(31));

    Response visitor = get("/touch", null);

    assertThat(visitor.getStatusCode()).isEqualTo(200);
    assertThat(destroyed).containsExactly(SessionIds.storeKey(alice));
    assertThat(app.filter().metrics().count(SessionEvent.EXPIRED_IDLE)).isEqualTo(1);
    assertThat(app.filter().metrics().count(SessionEvent.EVICTED)).isZero();
  }

  /** Issue 7, case 8: evictions are logged as a count at most once a minute, never one line each. */
  @Test
  void createWhenEvictingRepeatedlyThenOneLogLinePerMinuteWithTheCount() throws Exception {
    start(Settings.builder().maxSessions(1));
    List<String> lines;
    try (CapturedLogs logs = new CapturedLogs()) {
      for (int i = 0; i < 4; i++) {
        get("/touch", null); // the 2nd, 3rd and 4th evict
      }
      clock.advance(Duration.ofMinutes(1));
      get("/touch", null);
      lines = logs.lines().stream().filter(l -> l.contains("evicted")).toList();
    }

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("sessions evicted count=1 reason=store-full");
    assertThat(lines.get(1)).startsWith("sessions evicted count=3 reason=store-full");
    assertThat(app.filter().metrics().count(SessionEvent.EVICTED)).isEqualTo(4);
  }
}

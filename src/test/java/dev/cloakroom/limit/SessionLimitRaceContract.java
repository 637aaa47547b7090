package dev.cloakroom.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.SessionLimitException;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.support.FakeClock;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code maxSessionsPerUser} under many parallel sign-ins of one user, on one store: never more than the
 * limit remain; with {@code end-oldest} exactly the oldest extra sessions end (each once); with
 * {@code refuse} no session ends, every sign-in either holds or is refused and left anonymous, and no
 * more than the places left are taken. One subclass per store.
 *
 * <p>The clock stands still, so every racing sign-in has the same authentication time and the store
 * key decides which are the oldest, as it does on every node. Each test runs the race twice: as the
 * threads fall, and at its worst ({@link SignInGate}: every sign-in has written before any lists).
 */
public abstract class SessionLimitRaceContract {

  static final int LIMIT = 3;
  static final int SIGN_INS = 12;

  private final FakeClock clock = new FakeClock();
  private final AtomicInteger destroyed = new AtomicInteger();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private SessionFilter filter;
  private AppServer app;
  private SignInGate gate;

  /** The store under test, fresh for each test, on {@code clock}. */
  protected abstract SessionRepository openStore(FakeClock clock) throws Exception;

  /** Releases what {@link #store} opened. */
  protected void closeStore() throws Exception {}

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close(); // closes the store
    }
    closeStore();
  }

  private void start(Settings.SessionLimitPolicy policy) throws Exception {
    start(policy, LIMIT);
  }

  private void start(Settings.SessionLimitPolicy policy, int limit) throws Exception {
    HttpSessionListener listener = new HttpSessionListener() {
      @Override
      public void sessionDestroyed(HttpSessionEvent se) {
        destroyed.incrementAndGet();
      }
    };
    gate = new SignInGate(openStore(clock));
    Settings settings = Settings.builder().store(gate).clock(clock).principalAttribute("user")
        .maxSessionsPerUser(limit).sessionLimitPolicy(policy).listener(listener).build();
    filter = new SessionFilter(settings);
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/login", (req, res) -> {
          try {
            req.getSession().setAttribute("user", "alice");
            res.getWriter().print("welcome");
          } catch (SessionLimitException e) {
            res.getWriter().print("refused");
          }
        },
        "/who", (req, res) -> {
          HttpSession s = req.getSession(false);
          res.getWriter().print(s == null ? "none" : String.valueOf(s.getAttribute("user")));
        })));
  }

  /** One sign-in from a new device: its body and the id its cookie issues (null when none). */
  private record SignIn(String body, String id) {}

  private SignIn signIn() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/login"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("status of a sign-in").isEqualTo(200);
    return new SignIn(r.body(), SetCookies.issued(r).orElse(null));
  }

  private String who(String id) {
    return app.http(id).get("/who").asString();
  }

  /** {@code count} sign-ins let go at once, their lists held until all wrote if {@code worst}; bounded waits. */
  private List<SignIn> race(int count, boolean worst) throws Exception {
    if (worst) {
      gate.arm(count);
    }
    CountDownLatch go = new CountDownLatch(1);
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(count);
    List<CompletableFuture<SignIn>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(CompletableFuture.supplyAsync(() -> {
        try {
          if (!go.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not started");
          }
          return signIn();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, threads));
    }
    go.countDown();
    List<SignIn> out = new ArrayList<>();
    try {
      for (CompletableFuture<SignIn> f : all) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
      gate.disarm();
    }
    return out;
  }

  private long count(SessionEvent event) {
    return filter.metrics().count(event);
  }

  @ParameterizedTest(name = "worst={0}")
  @ValueSource(booleans = {false, true})
  void parallelSignInsWhenEndOldestThenExactlyTheNewestLimitRemainAndTheOthersEndedOnce(boolean worst) throws Exception {
    start(Settings.SessionLimitPolicy.END_OLDEST);

    List<SignIn> signIns = race(SIGN_INS, worst);

    List<String> issued = signIns.stream().map(SignIn::id).filter(java.util.Objects::nonNull)
        .sorted(Comparator.comparing(Internals::storeKey)).toList();
    List<String> live = new ArrayList<>();
    for (String id : issued) {
      if (who(id).equals("alice")) {
        live.add(id);
      }
    }
    assertThat(live).as("the newest sign-ins (by store key, the clock standing still)")
        .containsExactlyElementsOf(issued.subList(issued.size() - LIMIT, issued.size()));
    assertThat(count(SessionEvent.LIMIT_ENDED)).isEqualTo(SIGN_INS - LIMIT);
    assertThat(destroyed.get()).isEqualTo(SIGN_INS - LIMIT);
  }

  @Test
  void twoSignInsListingAtOnceWhenLimitOneThenTheNewerHoldsAndOnlyTheOlderEnds() throws Exception {
    start(Settings.SessionLimitPolicy.END_OLDEST, 1);

    List<SignIn> signIns = race(2, true);

    List<String> issued = signIns.stream().map(SignIn::id).filter(java.util.Objects::nonNull)
        .sorted(Comparator.comparing(Internals::storeKey)).toList();
    assertThat(issued).as("the older sign-in ends before its response, so only the newer gets a cookie").hasSize(1);
    assertThat(who(issued.get(0))).isEqualTo("alice");
    assertThat(count(SessionEvent.LIMIT_ENDED)).isEqualTo(1);
    assertThat(destroyed.get()).isEqualTo(1);
  }

  @ParameterizedTest(name = "worst={0}")
  @ValueSource(booleans = {false, true})
  void parallelSignInsWhenRefuseThenNoMoreThanThePlacesLeftTakenAndTheRestRefusedAndAnonymous(boolean worst) throws Exception {
    start(Settings.SessionLimitPolicy.REFUSE);
    SignIn first = signIn();
    assertThat(first.body()).isEqualTo("welcome");

    List<SignIn> signIns = race(SIGN_INS, worst);

    List<SignIn> accepted = signIns.stream().filter(s -> s.body().equals("welcome")).toList();
    List<SignIn> refused = signIns.stream().filter(s -> s.body().equals("refused")).toList();
    assertThat(accepted.size() + refused.size()).isEqualTo(SIGN_INS);
    assertThat(accepted.size()).isBetween(0, LIMIT - 1);
    assertThat(who(first.id())).isEqualTo("alice");
    for (SignIn s : accepted) {
      assertThat(who(s.id())).isEqualTo("alice");
    }
    for (SignIn s : refused) {
      assertThat(who(s.id())).isEqualTo("null");
    }
    assertThat(count(SessionEvent.LIMIT_REFUSED)).isEqualTo(refused.size());
    assertThat(destroyed.get()).isZero();
    // the places a race left free are still there: sign-ins one after another take exactly those
    for (int free = LIMIT - 1 - accepted.size(); free > 0; free--) {
      assertThat(signIn().body()).isEqualTo("welcome");
    }
    assertThat(signIn().body()).isEqualTo("refused");
  }
}

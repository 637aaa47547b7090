package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7, case 9: background work survives. The sweeper lives through any {@link Throwable} and logs
 * it; a listener that re-enters {@code invalidate()} while the session is being destroyed gets the
 * spec's {@link IllegalStateException} instead of recursing; {@code destroy()} waits for a running
 * sweep before closing the store.
 */
class BackgroundWorkTest {

  private final FakeClock clock = new FakeClock();
  private SessionFilter filter;
  @AutoClose
  private AppServer app;

  // ---- the sweeper

  static Stream<Error> sweepErrors() {
    return Stream.of(new NoClassDefFoundError("a class the sweep needs (test)"),
        new StackOverflowError("deep recursion in a store (test)"));
  }

  @ParameterizedTest
  @MethodSource("sweepErrors")
  void sweepWhenStoreThrowsAnErrorThenLoggedAndNextSweepStillRuns(Error error) throws Exception {
    CountDownLatch secondSweep = new CountDownLatch(1);
    CountingRepository store = new CountingRepository(new MemoryRepository(100));
    store.onCall("removeExpired", () -> {
      if (store.calls("removeExpired") == 1) {
        throw error;
      }
      secondSweep.countDown();
    });
    try (CapturedLogs logs = new CapturedLogs()) {
      startSweepingEvery5ms(store);

      assertThat(secondSweep.await(10, TimeUnit.SECONDS)).as("a sweep after the failed one").isTrue();
      assertThat(logs.lines())
          .anyMatch(l -> l.contains(" session sweep failed reason=" + error.getClass().getName()));
    }
  }

  @Test
  void destroyWhenSweepRunningThenWaitsForItBeforeClosingTheStore() throws Exception {
    CountDownLatch sweeping = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> events = new CopyOnWriteArrayList<>();
    CountingRepository store = new CountingRepository(new MemoryRepository(100));
    store.onCall("removeExpired", () -> {
      events.add("sweep started");
      sweeping.countDown();
      awaitUninterruptibly(release);
      events.add("sweep finished");
    });
    store.onCall("close", () -> events.add("store closed"));
    startSweepingEvery5ms(store);
    assertThat(sweeping.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> destroyed = CompletableFuture.runAsync(app::close);

    assertThatThrownBy(() -> destroyed.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    release.countDown();
    destroyed.get(10, TimeUnit.SECONDS);
    assertThat(events).containsExactly("sweep started", "sweep finished", "store closed");
  }

  /** An app with no servlets on {@code store}, whose sweeper runs every 5 ms of real time. */
  private void startSweepingEvery5ms(SessionRepository store) throws Exception {
    filter = new SessionFilter(Settings.builder().store(store).clock(clock).sweepInterval(Duration.ofMillis(5))
        .build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of()));
  }

  /** Waits for {@code latch} (at most 10 s), through interrupts, as a store call that ignores them would. */
  private static void awaitUninterruptibly(CountDownLatch latch) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    boolean interrupted = false;
    while (latch.getCount() > 0 && System.nanoTime() < deadline) {
      try {
        latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- listeners that re-enter invalidate()

  /** Calls {@code invalidate()} from {@code sessionDestroyed}, and records what it got. */
  static final class InvalidatingListener implements HttpSessionListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
      events.add(invalidateAgain(se.getSession()));
    }
  }

  /** A session value that calls {@code invalidate()} from {@code valueUnbound}. */
  static final class InvalidatingValue implements HttpSessionBindingListener, Serializable {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
      EVENTS.add(invalidateAgain(event.getSession()));
    }
  }

  /** Calls {@code invalidate()} on a session being invalidated, as a listener would; what it got. */
  private static String invalidateAgain(HttpSession session) {
    try {
      session.invalidate();
      return "invalidated again";
    } catch (IllegalStateException e) {
      return "IllegalStateException";
    }
  }

  @Test
  void invalidateWhenListenerReentersFromSessionDestroyedThenItGetsIllegalStateAndCookieCleared() throws Exception {
    InvalidatingListener listener = new InvalidatingListener();
    filter = new SessionFilter(Settings.builder().store(new MemoryRepository(100)).clock(clock).listener(listener)
        .build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/touch", (req, res) -> req.getSession(),
        "/invalidate", (req, res) -> {
          req.getSession().invalidate();
          res.getWriter().print("invalidated");
        })));
    String id = SetCookies.issuedId(app.http().get("/touch"));

    Response r = app.http(id).get("/invalidate");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("invalidated");
    assertThat(r.headers().getValues("Set-Cookie")).containsExactly(SetCookies.CLEARED);
    assertThat(listener.events).containsExactly("IllegalStateException");
  }

  @Test
  void invalidateWhenValueReentersFromValueUnboundThenItGetsIllegalStateAndRequestSucceeds() throws Exception {
    InvalidatingValue.EVENTS.clear();
    filter = new SessionFilter(Settings.builder().store(new MemoryRepository(100)).clock(clock)
        .serializationFilter(InvalidatingValue.class.getName()).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of("/invalidate", (req, res) -> {
      req.getSession().setAttribute("v", new InvalidatingValue());
      req.getSession().invalidate();
      res.getWriter().print("invalidated");
    })));

    Response r = app.http().get("/invalidate");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("invalidated");
    assertThat(InvalidatingValue.EVENTS).containsExactly("IllegalStateException");
  }

  @Test
  void expireWhenListenerReentersFromSessionDestroyedThenSweepFinishes() throws Exception {
    InvalidatingListener listener = new InvalidatingListener();
    filter = new SessionFilter(Settings.builder().store(new MemoryRepository(100)).clock(clock).listener(listener)
        .sweepInterval(Duration.ofHours(24)).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of("/touch", (req, res) -> req.getSession())));
    app.http().get("/touch");
    clock.advance(Duration.ofMinutes(31));

    assertThat(filter.sweep()).isEqualTo(1);
    assertThat(listener.events).containsExactly("IllegalStateException");
  }
}

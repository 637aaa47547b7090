package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Session listeners given in code, called as a container would call them. */
class SessionListenersTest {

  /** Records every event as one line. */
  static final class Recorder implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void sessionCreated(HttpSessionEvent se) {
      events.add("created");
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
      events.add("destroyed n=" + se.getSession().getAttribute("n"));
    }

    @Override
    public void attributeAdded(HttpSessionBindingEvent e) {
      events.add("added " + e.getName() + "=" + e.getValue());
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent e) {
      events.add("replaced " + e.getName() + " old=" + e.getValue() + " now=" + e.getSession().getAttribute(e.getName()));
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent e) {
      events.add("removed " + e.getName() + "=" + e.getValue());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent e, String oldId) {
      events.add("idChanged old=" + oldId + " new=" + e.getSession().getId());
    }
  }

  /** Throws from every callback. */
  static final class Thrower implements HttpSessionListener {
    @Override
    public void sessionCreated(HttpSessionEvent se) {
      throw new IllegalStateException("listener bug (test)");
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
      throw new IllegalStateException("listener bug (test)");
    }
  }

  /** Counts its passivations and activations. */
  static final class Activated implements HttpSessionActivationListener, Serializable {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static final long serialVersionUID = 1L;

    @Override
    public void sessionWillPassivate(HttpSessionEvent se) {
      EVENTS.add("passivate");
    }

    @Override
    public void sessionDidActivate(HttpSessionEvent se) {
      EVENTS.add("activate");
    }
  }

  private final FakeClock clock = new FakeClock();
  private final Recorder recorder = new Recorder();
  private SessionFilter filter;
  @AutoClose
  private AppServer app;

  private void start(Settings.Builder builder) throws Exception {
    filter = new SessionFilter(builder.store(new MemoryRepository(100)).clock(clock).listener(recorder).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/set", (req, res) -> req.getSession().setAttribute("n", req.getParameter("v")),
        "/remove", (req, res) -> req.getSession().removeAttribute("n"),
        "/read", (req, res) -> {
          HttpSession s = req.getSession(false);
          res.getWriter().print(s == null ? "none" : s.getAttribute("n"));
        },
        "/invalidate", (req, res) -> {
          req.getSession().invalidate();
          res.getWriter().print(req.isRequestedSessionIdValid());
        },
        "/change", (req, res) -> res.getWriter().print(req.changeSessionId()),
        "/activate", (req, res) -> {
          Object value = req.getSession().getAttribute("a");
          req.getSession().setAttribute("a", value == null ? new Activated() : value);
        })));
  }

  /** Starts the app on the default settings; a session holding n=1, with the events so far forgotten. */
  private String sessionHoldingOne() throws Exception {
    start(Settings.builder());
    String id = SetCookies.issuedId(app.http().get("/set?v=1"));
    recorder.events.clear();
    return id;
  }

  @Test
  void setAttributeWhenSessionNewThenCreatedThenAdded() throws Exception {
    start(Settings.builder());
    app.http().get("/set?v=1");
    assertThat(recorder.events).containsExactly("created", "added n=1");
  }

  @Test
  void setAttributeWhenPresentThenReplacedWithOldValue() throws Exception {
    String id = sessionHoldingOne();
    app.http(id).get("/set?v=2");
    assertThat(recorder.events).containsExactly("replaced n old=1 now=2");
  }

  @Test
  void removeAttributeWhenPresentThenRemovedWithOldValue() throws Exception {
    String id = sessionHoldingOne();
    app.http(id).get("/remove");
    assertThat(recorder.events).containsExactly("removed n=1");
  }

  @Test
  void invalidateWhenCalledThenDestroyedWhileAttributesReadableThenRemoved() throws Exception {
    String id = sessionHoldingOne();
    Response r = app.http(id).get("/invalidate");
    assertThat(recorder.events).containsExactly("destroyed n=1", "removed n=1");
    assertThat(r.asString()).isEqualTo("false");
  }

  @Test
  void changeSessionIdWhenCalledThenIdListenerGetsOldAndNewId() throws Exception {
    String id = sessionHoldingOne();
    String fresh = app.http(id).get("/change").asString();
    assertThat(recorder.events).containsExactly("idChanged old=" + id + " new=" + fresh);
  }

  @Test
  void expiryWhenFoundOnAccessThenDestroyedOnce() throws Exception {
    String id = sessionHoldingOne();
    clock.advance(Duration.ofMinutes(31));
    assertThat(app.http(id).get("/read").asString()).isEqualTo("none");
    assertThat(app.http(id).get("/read").asString()).isEqualTo("none");
    assertThat(filter.sweep()).isZero();
    assertThat(recorder.events).containsExactly("destroyed n=1", "removed n=1");
  }

  @Test
  void expiryWhenSweptThenDestroyedOnceAndNotAgainOnAccess() throws Exception {
    String id = sessionHoldingOne();
    clock.advance(Duration.ofHours(9));
    assertThat(filter.sweep()).isEqualTo(1);
    assertThat(app.http(id).get("/read").asString()).isEqualTo("none");
    assertThat(recorder.events).containsExactly("destroyed n=1", "removed n=1");
  }

  @Test
  void listenerWhenThrowingThenLoggedOthersRunAndInvalidationHolds() throws Exception {
    Recorder before = new Recorder();
    filter = new SessionFilter(Settings.builder().clock(clock).listener(before).listener(new Thrower())
        .listener(recorder).build());
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/set", (req, res) -> req.getSession().setAttribute("n", "1"),
        "/invalidate", (req, res) -> req.getSession().invalidate(),
        "/read", (req, res) -> res.getWriter().print(req.getSession(false) == null ? "none" : "some"))));
    List<String> lines;
    Response created;
    Response invalidated;
    try (CapturedLogs logs = new CapturedLogs()) {
      created = app.http().get("/set");
      invalidated = app.http(SetCookies.issuedId(created)).get("/invalidate");
      lines = logs.lines();
    }

    assertThat(created.getStatusCode()).isEqualTo(200);
    assertThat(invalidated.getStatusCode()).isEqualTo(200);
    assertThat(invalidated.headers().getValues("Set-Cookie")).containsExactly(SetCookies.CLEARED);
    assertThat(app.http(SetCookies.issuedId(created)).get("/read").asString()).isEqualTo("none");
    assertThat(before.events).containsExactly("created", "added n=1", "destroyed n=1", "removed n=1");
    assertThat(recorder.events).containsExactly("created", "added n=1", "destroyed n=1", "removed n=1");
    assertThat(lines).filteredOn(l -> l.contains("listener=" + Thrower.class.getName())).hasSize(2)
        .anySatisfy(l -> assertThat(l).startsWith("WARN dev.cloakroom.Listeners listener failed event=sessionCreated")
            .endsWith("| java.lang.IllegalStateException: listener bug (test)"))
        .anySatisfy(l -> assertThat(l).startsWith("WARN dev.cloakroom.Listeners listener failed event=sessionDestroyed")
            .endsWith("| java.lang.IllegalStateException: listener bug (test)"));
  }

  @Test
  void activationListenerWhenStoredAndReadBackThenPassivatedThenActivated() throws Exception {
    Activated.EVENTS.clear();
    // only an encoding store passivates; the memory store keeps live objects unless told to encode
    start(Settings.builder().memoryEncoding(true).serializationFilter("dev.cloakroom.SessionListenersTest$Activated"));
    String id = SetCookies.issuedId(app.http().get("/activate"));
    assertThat(Activated.EVENTS).containsExactly("passivate");
    app.http(id).get("/activate");
    assertThat(Activated.EVENTS).containsExactly("passivate", "activate", "passivate");
  }
}

package dev.cloakroom.e2e;

import static dev.cloakroom.e2e.Servlets.servlet;
import static dev.cloakroom.e2e.Servlets.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.store.memory.MemoryRepository;
import io.restassured.response.Response;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.MDC;

/**
 * Issue 11, item 4, on every container: the session's idTag is in the MDC on the threads that run the
 * request, its async continuation included ({@code AsyncContext.start} runnables, an async dispatch),
 * and no container thread holds it afterwards, also when the chain throws. A probe filter wraps the
 * session filter and notes the MDC on each thread after the session filter returned; probe requests
 * afterwards note what the pool's threads hold.
 */
class AsyncMdcIT {

  private static final String NONE = "(none)";
  @AutoClose
  private static final StartedOnce<AppServer> SERVERS = new StartedOnce<>();
  /** What the app saw, by place: "servlet", "async", "dispatched". */
  private static final Map<String, String> SEEN = new ConcurrentHashMap<>();
  /** The MDC value on a container thread right after the session filter returned, one per dispatch. */
  private static final List<String> AFTER = new CopyOnWriteArrayList<>();
  /** The MDC value on a container thread before the session filter ran: what earlier work left there. */
  private static final List<String> BEFORE = new CopyOnWriteArrayList<>();

  private static String mdc() {
    String tag = MDC.get("idTag");
    return tag == null ? NONE : tag;
  }

  /** Runs the session filter and notes what the thread's MDC holds once it returned, even when it threw. */
  public static final class Probe implements Filter {
    private final SessionFilter inner;

    Probe(SessionFilter inner) {
      this.inner = inner;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
      inner.init(config);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      BEFORE.add(mdc());
      try {
        inner.doFilter(request, response, chain);
      } finally {
        AFTER.add(mdc());
      }
    }

    @Override
    public void destroy() {
      inner.destroy();
    }
  }

  private static AppServer server(AppServer.Kind kind) {
    return SERVERS.get(kind, () -> {
      Settings settings = Settings.builder().store(new MemoryRepository(1000)).sweepInterval(Duration.ofHours(24))
          .build();
      Map<String, HttpServlet> servlets = new LinkedHashMap<>();
      servlets.put("/start", servlet((req, res) -> {
        req.getSession().setAttribute("n", "v");
        SEEN.put("servlet", mdc());
        AsyncContext async = req.startAsync();
        async.start(() -> {
          try {
            SEEN.put("async", mdc());
            ((HttpServletRequest) async.getRequest()).getSession().setAttribute("n", "async");
            text((jakarta.servlet.http.HttpServletResponse) async.getResponse(), "started");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          } finally {
            async.complete();
          }
        });
      }));
      servlets.put("/dispatch", servlet((req, res) -> {
        req.getSession(false).getAttribute("n"); // found in the first dispatch
        req.startAsync().dispatch("/dispatched");
      }));
      servlets.put("/dispatched", servlet((req, res) -> {
        SEEN.put("dispatched", mdc()); // before this dispatch asks for its session
        text(res, String.valueOf(req.getSession(false).getAttribute("n")));
      }));
      servlets.put("/throw", servlet((req, res) -> {
        req.getSession().setAttribute("n", "v");
        throw new IllegalStateException("the app failed");
      }));
      servlets.put("/probe", servlet((req, res) -> {
        // the container's own async context, not the session filter's: its runnable sees the pool thread's
        // MDC as earlier async work left it
        AsyncContext bare = ((jakarta.servlet.ServletRequestWrapper) req).getRequest().startAsync();
        bare.start(() -> {
          try {
            text((jakarta.servlet.http.HttpServletResponse) bare.getResponse(), mdc());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          } finally {
            bare.complete();
          }
        });
      }));
      return kind.start(new Deployment.Code(new Probe(new SessionFilter(settings)), servlets));
    });
  }

  @BeforeEach
  void clear() {
    SEEN.clear();
    AFTER.clear();
    BEFORE.clear();
  }

  private static String sessionId(Response r) {
    return SetCookies.issuedId(r);
  }

  /**
   * Asks the pool, a request at a time, what its threads hold: what each request's thread held before
   * the session filter ran, and what each async runnable's thread held before it ran. None may hold a tag.
   */
  private static List<String> probe(AppServer app) {
    BEFORE.clear();
    List<String> held = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      held.add(app.http().get("/probe").asString());
    }
    held.addAll(BEFORE);
    return held;
  }

  @EveryContainer
  void asyncStartThenTheRunnableSeesTheTagAndNoThreadKeepsIt(AppServer.Kind kind) {
    AppServer app = server(kind);

    Response r = app.http().get("/start");

    assertThat(r.asString()).isEqualTo("started");
    String tag = Internals.idTag(sessionId(r));
    assertThat(SEEN).containsEntry("servlet", tag).containsEntry("async", tag);
    assertThat(AFTER).isNotEmpty().containsOnly(NONE);
    assertThat(probe(app)).containsOnly(NONE);
  }

  @EveryContainer
  void asyncDispatchThenTheDispatchedServletSeesTheTagBeforeAskingAndNoThreadKeepsIt(AppServer.Kind kind) {
    AppServer app = server(kind);
    String id = sessionId(app.http().get("/start"));
    AFTER.clear();

    Response r = app.http(id).get("/dispatch");

    assertThat(r.asString()).isEqualTo("async");
    assertThat(SEEN).containsEntry("dispatched", Internals.idTag(id));
    assertThat(AFTER).hasSize(2).containsOnly(NONE); // the request's dispatch and the async one
    assertThat(probe(app)).containsOnly(NONE);
  }

  @EveryContainer
  void chainThrowsThenTheThreadKeepsNoTag(AppServer.Kind kind) {
    AppServer app = server(kind);

    Response r = app.http().get("/throw");

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(AFTER).isNotEmpty().containsOnly(NONE);
    assertThat(probe(app)).containsOnly(NONE);
  }
}

package dev.cloakroom.bench;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.event.SessionEvent;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Load run of sign-in churn on the memory store (issue 7, case 8): sessions are created much faster
 * than they expire, far past {@code maxSessions}, and signed-in users must never get a 5xx nor lose
 * their session. A runnable program, not a test: {@code mvn verify} never runs it.
 *
 * <p>It starts embedded Jetty (ee10) on 127.0.0.1 with the filter on the default memory store
 * ({@code maxSessions} small, {@code idleTimeout} short (10s), {@code touchInterval} and {@code sweepInterval} 5s,
 * {@code principalAttribute=user}), and drives it over loopback with {@code java.net.http} from
 * {@code threads} client threads. Each client thread repeats, until the time or request budget is
 * spent, one of:
 * <ul>
 *   <li>a user (1 in 4): {@code GET /} (an anonymous session is created), {@code POST /login} (it
 *       signs in; the id changes), five {@code GET /account} as that user (each must answer the user's
 *       name), then {@code POST /logout} half the time, else walks away signed in (the session stays
 *       until its idle timeout);
 *   <li>a bot or a passer-by (3 in 4): one {@code GET /} without a cookie, whose session is never used again.
 * </ul>
 * Every response to a request that carries a signed-in session (the account pages and the sign-out)
 * or signs in is counted as a signed-in request; a 5xx there, or an account page that no longer knows
 * the user, is a failure.
 *
 * <p>The signed-in sessions alone (those walked away from stay until their idle timeout) must fit in
 * {@code maxSessions}: a store full of signed-in sessions refuses new ones by design, and then a user
 * whose anonymous session was evicted on the way to signing in is refused too. The anonymous sessions
 * are the churn past the bound.
 *
 * <p>Run (from the project root; arguments: seconds, most requests, client threads, maxSessions,
 * idleTimeout in seconds):
 * <pre>
 * mvn -o -q -Pbench test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath dev.cloakroom.bench.SignInChurnLoad 60 2000000 4 2000 10"
 * </pre>
 * It prints one summary and exits non-zero if a signed-in request failed.
 */
public final class SignInChurnLoad {

  private static final Pattern SID = Pattern.compile("SID=([A-Za-z0-9_-]{43})");
  private static final int PAGES_PER_USER = 5;

  private final LongAdder requests = new LongAdder();
  private final LongAdder signedInRequests = new LongAdder();
  private final LongAdder signedIn5xx = new LongAdder();
  private final LongAdder signedInLost = new LongAdder();
  private final LongAdder anonymousRequests = new LongAdder();
  private final LongAdder anonymous5xx = new LongAdder();
  private final LongAdder signIns = new LongAdder();
  private final AtomicLong requestBudget;
  private final long deadlineNanos;
  private final HttpClient client;
  private final String base;

  private SignInChurnLoad(String base, long maxRequests, Duration time) {
    this.base = base;
    this.requestBudget = new AtomicLong(maxRequests);
    this.deadlineNanos = System.nanoTime() + time.toNanos();
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    long maxRequests = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int maxSessions = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
    int idleSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    if (seconds < 1 || seconds > 600 || maxRequests < 1 || threads < 1 || threads > 64 || idleSeconds < 6) {
      throw new IllegalArgumentException("seconds 1..600, maxRequests >= 1, threads 1..64, idleSeconds >= 6");
    }

    SessionFilter filter = new SessionFilter(Settings.builder().maxSessions(maxSessions)
        .idleTimeout(Duration.ofSeconds(idleSeconds)).absoluteTimeout(Duration.ofMinutes(10))
        .touchInterval(Duration.ofSeconds(5)).sweepInterval(Duration.ofSeconds(5))
        .principalAttribute("user").build());
    Server server = start(filter);
    String base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    try {
      long started = System.nanoTime();
      SignInChurnLoad load = new SignInChurnLoad(base, maxRequests, Duration.ofSeconds(seconds));
      load.run(threads);
      double elapsed = (System.nanoTime() - started) / 1e9;
      boolean ok = load.report(filter, elapsed, seconds, maxRequests, threads, maxSessions, idleSeconds);
      if (!ok) {
        System.exit(1);
      }
    } finally {
      server.stop();
    }
  }

  private static Server start(SessionFilter filter) throws Exception {
    Server server = new Server();
    ServletContextHandler context = BenchServer.loopbackRoot(server);
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
    Map<String, HttpServlet> servlets = Map.of(
        "/", servlet((req, res) -> {
          HttpSession s = req.getSession();
          s.setAttribute("visits", s.getAttribute("visits") instanceof Integer n ? n + 1 : 1);
          res.getWriter().print("home");
        }),
        "/login", servlet((req, res) -> {
          req.getSession().setAttribute("user", req.getParameter("user"));
          res.getWriter().print("welcome");
        }),
        "/account", servlet((req, res) -> {
          HttpSession s = req.getSession(false);
          Object user = s == null ? null : s.getAttribute("user");
          res.getWriter().print(user == null ? "anonymous" : user);
        }),
        "/logout", servlet((req, res) -> {
          HttpSession s = req.getSession(false);
          if (s != null) {
            s.invalidate();
          }
          res.getWriter().print("bye");
        }));
    servlets.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path.equals("/") ? "" : path));
    server.setHandler(context);
    server.start();
    return server;
  }

  private interface Body {
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
  }

  private static HttpServlet servlet(Body body) {
    return new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setContentType("text/plain;charset=UTF-8");
        body.handle(req, res);
      }
    };
  }

  private void run(int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int clientNo = t;
        clients.add(pool.submit(() -> {
          long user = 0;
          while (more()) {
            if (ThreadLocalRandom.current().nextInt(4) != 0) {
              bot();
            } else {
              user("u" + clientNo + "-" + user++);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private boolean more() {
    return System.nanoTime() < deadlineNanos && requestBudget.get() > 0;
  }

  private void bot() throws Exception {
    HttpResponse<String> r = send(get("/", null));
    anonymousRequests.increment();
    if (r.statusCode() >= 500) {
      anonymous5xx.increment();
    }
  }

  private void user(String name) throws Exception {
    HttpResponse<String> home = send(get("/", null));
    anonymousRequests.increment();
    if (home.statusCode() >= 500) {
      anonymous5xx.increment();
      return; // the visitor gives up, as a refused one would
    }
    String id = sessionId(home, null);
    HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("Cookie", "SID=" + id).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("user=" + name)).build());
    if (!signedIn(login)) {
      return;
    }
    signIns.increment();
    id = sessionId(login, id);
    for (int i = 0; i < PAGES_PER_USER && more(); i++) {
      HttpResponse<String> page = send(get("/account", id));
      if (!signedIn(page)) {
        return;
      }
      if (!page.body().equals(name)) {
        signedInLost.increment();
        return;
      }
    }
    if (ThreadLocalRandom.current().nextBoolean()) {
      signedIn(send(HttpRequest.newBuilder(URI.create(base + "/logout")).header("Cookie", "SID=" + id)
          .POST(HttpRequest.BodyPublishers.noBody()).build()));
    }
  }

  /** Counts a signed-in request; false if it failed. */
  private boolean signedIn(HttpResponse<String> r) {
    signedInRequests.increment();
    if (r.statusCode() >= 500) {
      signedIn5xx.increment();
      return false;
    }
    return true;
  }

  private HttpRequest get(String path, String sessionId) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (sessionId != null) {
      b.header("Cookie", "SID=" + sessionId);
    }
    return b.build();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    requestBudget.decrementAndGet();
    requests.increment();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The id the response issues, else {@code current}. */
  private static String sessionId(HttpResponse<String> r, String current) {
    for (String header : r.headers().allValues("Set-Cookie")) {
      Matcher m = SID.matcher(header);
      if (m.find()) {
        return m.group(1);
      }
    }
    return current;
  }

  private boolean report(SessionFilter filter, double elapsed, int seconds, long maxRequests, int threads,
      int maxSessions, int idleSeconds) {
    var metrics = filter.metrics();
    long total = requests.sum();
    System.out.printf(Locale.ROOT, "sign-in churn on the memory store: %d s budget, %d requests budget, %d client"
        + " threads, maxSessions=%d, idleTimeout=%ds%n", seconds, maxRequests, threads, maxSessions, idleSeconds);
    System.out.printf(Locale.ROOT, "requests                %,d in %.1f s = %,.0f requests/s%n", total, elapsed,
        total / elapsed);
    System.out.printf(Locale.ROOT, "signed-in requests      %,d (sign-ins %,d); 5xx %d; signed out unexpectedly %d%n",
        signedInRequests.sum(), signIns.sum(), signedIn5xx.sum(), signedInLost.sum());
    System.out.printf(Locale.ROOT, "anonymous requests      %,d; 5xx %d%n", anonymousRequests.sum(),
        anonymous5xx.sum());
    System.out.printf(Locale.ROOT, "sessions created        %,d (%.0f x maxSessions)%n",
        metrics.count(SessionEvent.CREATED), metrics.count(SessionEvent.CREATED) / (double) maxSessions);
    System.out.printf(Locale.ROOT, "sessions evicted        %,d%n", metrics.count(SessionEvent.EVICTED));
    System.out.printf(Locale.ROOT, "sessions expired        %,d idle, %,d absolute; invalidated %,d%n",
        metrics.count(SessionEvent.EXPIRED_IDLE), metrics.count(SessionEvent.EXPIRED_ABSOLUTE),
        metrics.count(SessionEvent.INVALIDATED));
    System.out.printf(Locale.ROOT, "store errors (503)      %,d%n", metrics.count(SessionEvent.STORE_ERROR));
    return signedIn5xx.sum() == 0 && signedInLost.sum() == 0;
  }
}

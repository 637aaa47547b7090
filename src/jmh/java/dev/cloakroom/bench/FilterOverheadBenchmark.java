package dev.cloakroom.bench;

import dev.cloakroom.SessionFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@link SessionFilter} costs per request, in-process, without HTTP: a request object and a
 * response object are made per operation (as a container hands out per request), run through the
 * filter into a servlet-like chain that writes a short body through {@code getWriter()}.
 *
 * <p>The filter is made with its no-argument constructor and started through
 * {@code init(FilterConfig)} with no init parameters, as a container does for a web.xml entry: the
 * default memory store, {@code touchInterval} 1m, plain http so the cookie is {@code SID}. Set-up
 * creates one session through the filter ({@code user}, {@code count}, {@code cart}) and every request
 * then sends a typical browser {@code Cookie} header (10 cookies, the session cookie among them).
 *
 * <ul>
 *   <li>{@code noFilter}: the chain alone, the baseline;
 *   <li>{@code untouched}: through the filter, the page never asks for its session;
 *   <li>{@code readOnly}: reads the {@code String} attribute {@code user}; inside the touch interval, so
 *       the commit writes nothing;
 *   <li>{@code readMutable}: reads the {@code ArrayList} attribute {@code cart}; the commit re-encodes
 *       it to find in-place changes, and writes nothing;
 *   <li>{@code changeOne}: reads the {@code Integer} {@code count} and sets it to the next value: one
 *       delta saved to the store per request;
 *   <li>{@code signIn}: a visitor without a session cookie signs in: a new session, the attribute
 *       {@code user}, then {@code changeSessionId()}, and one {@code Set-Cookie}. Every operation adds a
 *       session, so {@code maxSessions} is 10,000 here: the store fills within the first warm-up
 *       iteration and from then on each sign-in also evicts the least recently used session, as on a
 *       busy server whose store is full (the other benchmarks' one session is never evicted: it is used
 *       at every request of theirs, and this benchmark runs apart from them).
 * </ul>
 *
 * <p>Run (docs/BENCHMARKS.md has the figures; add {@code -prof gc} for bytes allocated per request):
 * <pre>
 * mvn -q -Pbench test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main FilterOverheadBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterOverheadBenchmark {

  private static final Pattern SET_COOKIE = Pattern.compile("^SID=([A-Za-z0-9_-]{43});");
  private static final String BODY = "<!doctype html><title>shop</title><p>Hello.</p>\n";

  private static final FilterChain PAGE = (req, res) -> res.getWriter().write(BODY);

  private static final FilterChain READ_ONLY = (req, res) -> {
    HttpSession s = ((HttpServletRequest) req).getSession(false);
    res.getWriter().write((String) s.getAttribute("user"));
  };

  private static final FilterChain READ_MUTABLE = (req, res) -> {
    HttpSession s = ((HttpServletRequest) req).getSession(false);
    res.getWriter().write(String.valueOf(((List<?>) s.getAttribute("cart")).size()));
  };

  private static final FilterChain CHANGE_ONE = (req, res) -> {
    HttpSession s = ((HttpServletRequest) req).getSession(false);
    int count = (Integer) s.getAttribute("count") + 1;
    s.setAttribute("count", count);
    res.getWriter().write(String.valueOf(count));
  };

  private static final FilterChain SIGN_IN = (req, res) -> {
    HttpServletRequest request = (HttpServletRequest) req;
    request.getSession(true).setAttribute("user", "alice.liddell@example.com");
    request.changeSessionId();
    res.getWriter().write(BODY);
  };

  private SessionFilter filter;
  private String cookieHeader;

  @Setup(Level.Trial)
  public void start() throws Exception {
    filter = new SessionFilter();
    filter.init(FakeContainer.filterConfig("cloakroom-bench", Map.of("maxSessions", "10000")));

    FakeResponse created = new FakeResponse();
    filter.doFilter(new FakeRequest(null), created, (req, res) -> {
      HttpSession s = ((HttpServletRequest) req).getSession(true);
      s.setAttribute("user", "alice.liddell@example.com");
      s.setAttribute("count", 0);
      s.setAttribute("cart", new ArrayList<>(List.of("SKU-100234", "SKU-100771", "SKU-204518")));
    });
    Matcher m = SET_COOKIE.matcher(String.valueOf(created.getHeader("Set-Cookie")));
    if (!m.find()) {
      throw new IllegalStateException("no session cookie issued: " + created.getHeaders("Set-Cookie"));
    }
    cookieHeader = "_ga=GA1.1.1843829173.1718035611; _gid=GA1.1.1095617442.1718035611;"
        + " _fbp=fb.1.1718035611432.512384761; _gcl_au=1.1.1408213391.1718035611;"
        + " OptanonConsent=isGpcEnabled=0&datestamp=Mon+Jun+10+2024+17%3A06%3A51+GMT%2B0200&version=202405.1.0;"
        + " lang=en-GB; theme=dark; _hjSessionUser_3412557=eyJpZCI6IjVmYzE4ZDQ2LTQ3NGYtNWQ2ZS1hNjM4In0;"
        + " SID=" + m.group(1) + "; cart_count=3";

    // each request kind once: the session is found, and only a change sends a cookie again
    for (FilterChain chain : List.of(PAGE, READ_ONLY, READ_MUTABLE, CHANGE_ONE)) {
      FakeResponse r = through(chain);
      if (r.containsHeader("Set-Cookie")) {
        throw new IllegalStateException("a request on an existing session re-issued its cookie");
      }
    }
    FakeResponse signedIn = new FakeResponse();
    filter.doFilter(new FakeRequest(null), signedIn, SIGN_IN);
    if (signedIn.getHeaders("Set-Cookie").size() != 1
        || !SET_COOKIE.matcher(String.valueOf(signedIn.getHeader("Set-Cookie"))).find()) {
      throw new IllegalStateException("a sign-in did not issue exactly one session cookie");
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    filter.destroy();
  }

  private FakeResponse through(FilterChain chain) throws Exception {
    FakeResponse response = new FakeResponse();
    filter.doFilter(new FakeRequest(cookieHeader), response, chain);
    return response;
  }

  @Benchmark
  public FakeResponse noFilter() throws Exception {
    FakeResponse response = new FakeResponse();
    PAGE.doFilter(new FakeRequest(cookieHeader), response);
    return response;
  }

  @Benchmark
  public FakeResponse untouched() throws Exception {
    return through(PAGE);
  }

  @Benchmark
  public FakeResponse readOnly() throws Exception {
    return through(READ_ONLY);
  }

  @Benchmark
  public FakeResponse readMutable() throws Exception {
    return through(READ_MUTABLE);
  }

  @Benchmark
  public FakeResponse changeOne() throws Exception {
    return through(CHANGE_ONE);
  }

  @Benchmark
  public FakeResponse signIn() throws Exception {
    FakeResponse response = new FakeResponse();
    filter.doFilter(new FakeRequest(null), response, SIGN_IN);
    return response;
  }
}

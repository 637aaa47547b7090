package dev.cloakroom;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link CookieResolver#resolve} on the {@code Cookie} headers a server really sees: the work done for
 * every request that asks for its session.
 *
 * <ul>
 *   <li>{@code typical}: a browser's header with 10 cookies (analytics, consent, preferences) and the
 *       session cookie ninth;
 *   <li>{@code sessionOnly}: the session cookie alone;
 *   <li>{@code hostile}: 200 cookies in 8 KiB, none of them the session cookie, so the resolver scans
 *       to its {@link CookieResolver#MAX_PAIRS pair budget};
 *   <li>{@code quotedNeighbour}: {@code a="; SID=...; b=c"}, the header of Jetty's CVE-2023-26049;
 *   <li>{@code duplicates}: 200 session cookies with well-formed ids (forged, or a cookie jar gone
 *       wrong): three candidates are kept, the rest scanned and dropped;
 *   <li>{@code oversized}: one session cookie whose value is 20,000 characters, past the
 *       {@link CookieResolver#MAX_CHARS character budget};
 *   <li>{@code binary}: 8 KiB of random bytes 0 to 255 (as a container decodes them, ISO-8859-1), with
 *       {@code ;} and {@code =} among them.
 * </ul>
 *
 * <p>Run (docs/BENCHMARKS.md has the figures):
 * <pre>
 * mvn -q -Pbench test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main CookieResolveBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CookieResolveBenchmark {

  @Param({"typical", "sessionOnly", "hostile", "quotedNeighbour", "duplicates", "oversized", "binary"})
  public String header;

  private List<String> headers;

  @Setup
  public void setUp() {
    String id = SessionIds.generate(new SecureRandom());
    String value = switch (header) {
      case "typical" -> "_ga=GA1.1.1843829173.1718035611; _gid=GA1.1.1095617442.1718035611;"
          + " _fbp=fb.1.1718035611432.512384761; _gcl_au=1.1.1408213391.1718035611;"
          + " OptanonConsent=isGpcEnabled=0&datestamp=Mon+Jun+10+2024+17%3A06%3A51+GMT%2B0200&version=202405.1.0"
          + "&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A0%2CC0004%3A0; lang=en-GB; theme=dark;"
          + " _hjSessionUser_3412557=eyJpZCI6IjVmYzE4ZDQ2LTQ3NGYtNWQ2ZS1hNjM4LTJhZDM2YjY1YTI5ZiJ9;"
          + " SID=" + id + "; cart_count=3";
      case "sessionOnly" -> "SID=" + id;
      case "hostile" -> hostile();
      case "quotedNeighbour" -> "a=\"; SID=" + id + "; b=c\"";
      case "duplicates" -> duplicates();
      case "oversized" -> "SID=" + "A".repeat(20_000);
      case "binary" -> binary();
      default -> throw new IllegalArgumentException("no such header case: " + header);
    };
    headers = List.of(value);
    CookieResolver.Resolution r = CookieResolver.resolve(Collections.enumeration(headers), "SID", 3);
    int expected = switch (header) {
      case "hostile", "oversized", "binary" -> 0;
      case "duplicates" -> 3;
      default -> 1;
    };
    if (r.candidates().size() != expected || expected == 1 && !r.candidates().equals(List.of(id))) {
      throw new IllegalStateException(header + ": unexpected resolution " + r);
    }
  }

  /** 200 session cookies, each a different well-formed id: 9,600 characters. */
  private static String duplicates() {
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder(9700);
    for (int i = 0; i < 200; i++) {
      b.append(i > 0 ? "; " : "").append("SID=").append(SessionIds.generate(random));
    }
    return b.toString();
  }

  /** 8,192 random characters from 0 to 255, the same every run. */
  private static String binary() {
    java.util.Random random = new java.util.Random(13);
    char[] chars = new char[8192];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) random.nextInt(256);
    }
    return new String(chars);
  }

  /** 200 cookies of 41 characters each: 8,200 characters, no session cookie. */
  private static String hostile() {
    StringBuilder b = new StringBuilder(8400);
    for (int i = 0; i < 200; i++) {
      if (i > 0) {
        b.append("; ");
      }
      b.append(String.format("c%03d=", i)).append("x".repeat(34));
    }
    return b.toString();
  }

  @Benchmark
  public CookieResolver.Resolution resolve() {
    return CookieResolver.resolve(Collections.enumeration(headers), "SID", 3);
  }
}

package dev.cloakroom.codec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * {@link SerializationCodec} with the default allow-list on typical attribute values: every
 * {@code setAttribute} encodes once, the first {@code getAttribute} of a request decodes once, and a
 * commit re-encodes every mutable value that was read (to find in-place changes).
 *
 * <ul>
 *   <li>{@code userName}: a {@code String};
 *   <li>{@code counter}: an {@code Integer};
 *   <li>{@code cart}: an {@code ArrayList<String>} of 5 product codes;
 *   <li>{@code map10}: a {@code HashMap<String, Object>} of 10 entries (strings, integers, longs, booleans).
 * </ul>
 *
 * <p>Run (docs/BENCHMARKS.md has the figures):
 * <pre>
 * mvn -q -Pbench test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main CodecBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

  @Param({"userName", "counter", "cart", "map10"})
  public String value;

  private final SerializationCodec codec = new SerializationCodec(null);
  private final ClassLoader loader = CodecBenchmark.class.getClassLoader();
  private Object object;
  private byte[] bytes;

  @Setup
  public void setUp() {
    object = switch (value) {
      case "userName" -> "alice.liddell@example.com";
      case "counter" -> Integer.valueOf(4711);
      case "cart" -> new ArrayList<>(List.of("SKU-100234", "SKU-100771", "SKU-204518", "SKU-300002", "SKU-311947"));
      case "map10" -> map10();
      default -> throw new IllegalArgumentException("no such value case: " + value);
    };
    bytes = codec.encode(object);
    if (!object.equals(codec.decode(bytes, loader))) {
      throw new IllegalStateException(value + " does not survive a round trip");
    }
  }

  private static Map<String, Object> map10() {
    Map<String, Object> m = new HashMap<>();
    m.put("userId", 1_000_042L);
    m.put("displayName", "Alice Liddell");
    m.put("locale", "en-GB");
    m.put("timeZone", "Europe/London");
    m.put("theme", "dark");
    m.put("itemsPerPage", 25);
    m.put("unreadMessages", 3);
    m.put("betaFeatures", Boolean.TRUE);
    m.put("lastSearch", "wool coat");
    m.put("consentVersion", 7);
    return m;
  }

  @Benchmark
  public byte[] encode() {
    return codec.encode(object);
  }

  @Benchmark
  public Object decode() {
    return codec.decode(bytes, loader);
  }
}

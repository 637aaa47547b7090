package dev.cloakroom;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The id work the filter does around a store call: making an id, checking its shape, hashing it to the
 * store key, tagging it for the logs, and signing and verifying it when signing keys are set.
 *
 * <ul>
 *   <li>{@code generate}: a new id, 32 bytes from the filter's kind of {@link SecureRandom} (the
 *       platform default), base64url; once per new session and per id change;
 *   <li>{@code wellFormed}: the shape check every candidate id passes before anything else;
 *   <li>{@code storeKey}: base64url(SHA-256(id)), once per store call;
 *   <li>{@code idTag}: the keyed hash that stands for the id in logs and the MDC;
 *   <li>{@code sign}: HMAC-SHA256 tag of a new id, once per {@code Set-Cookie} with signing keys;
 *   <li>{@code verifyValid}, {@code verifyForged}: a signed cookie value checked, with the right tag and
 *       with a wrong one (the same work: the tag is compared in constant time).
 * </ul>
 *
 * <p>Run (docs/BENCHMARKS.md has the figures):
 * <pre>
 * mvn -q -Pbench test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main IdBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IdBenchmark {

  private SecureRandom random;
  private IdSigner signer;
  private String id;
  private String signed;
  private String forged;

  @Setup
  public void setUp() {
    random = new SecureRandom();
    byte[] key = new byte[32];
    random.nextBytes(key);
    signer = IdSigner.parse("k1=" + Base64.getEncoder().encodeToString(key));
    id = SessionIds.generate(random);
    signed = signer.sign(id);
    char last = signed.charAt(signed.length() - 1);
    forged = signed.substring(0, signed.length() - 1) + (last == 'A' ? 'B' : 'A');
    if (signer.verify(signed) == null || signer.verify(forged) != null || !SessionIds.isWellFormed(id)) {
      throw new IllegalStateException("the signer does not tell a signed id from a forged one");
    }
  }

  @Benchmark
  public String generate() {
    return SessionIds.generate(random);
  }

  @Benchmark
  public boolean wellFormed() {
    return SessionIds.isWellFormed(id);
  }

  @Benchmark
  public String storeKey() {
    return SessionIds.storeKey(id);
  }

  @Benchmark
  public String idTag() {
    return IdTag.of(id);
  }

  @Benchmark
  public String sign() {
    return signer.sign(id);
  }

  @Benchmark
  public IdSigner.Verified verifyValid() {
    return signer.verify(signed);
  }

  @Benchmark
  public IdSigner.Verified verifyForged() {
    return signer.verify(forged);
  }
}

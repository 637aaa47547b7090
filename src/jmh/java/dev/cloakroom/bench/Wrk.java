package dev.cloakroom.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk} with {@code bench/workload.lua} and reads the script's RESULT line.
 *
 * @param script      the Lua script
 * @param threads     wrk's threads
 * @param connections wrk's connections, over all threads
 */
record Wrk(Path script, int threads, int connections) {

  private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\d+)");

  /** What one run of wrk reports; latencies in microseconds, errors of every kind together. */
  record Result(long requests, long durationMicros, long p50Micros, long p99Micros, long errors) {
    double perSecond() {
      return requests * 1e6 / durationMicros;
    }
  }

  static String version() {
    try {
      Process p = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().findFirst().orElse("wrk ?").trim();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  Result run(String base, Workload workload, Path pool, int seconds) throws IOException, InterruptedException {
    List<String> command = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
        "-s", script.toString(), base, "--", workload.label, pool.toString(), Integer.toString(workload.readPercent));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("wrk did not finish");
    }
    String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new IOException("wrk printed no RESULT line (exit " + p.exitValue() + "):\n" + out));
    Map<String, Long> f = new HashMap<>();
    Matcher m = FIELD.matcher(line);
    while (m.find()) {
      f.put(m.group(1), Long.parseLong(m.group(2)));
    }
    long errors = f.get("status") + f.get("connect") + f.get("read") + f.get("write") + f.get("timeout");
    return new Result(f.get("requests"), f.get("duration_us"), f.get("p50_us"), f.get("p99_us"), errors);
  }
}

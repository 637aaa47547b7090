package dev.cloakroom.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a flight recording of a bench server ({@code bench/run load --jfr} writes one per server) and
 * prints, as markdown, where its CPU and its allocations went while wrk measured: the methods that the
 * CPU samples were in (self), the methods on the sampled stacks (total, each counted once per stack), and
 * the samples and bytes allocated by the first frame on the stack that is not the JDK's (so that a JDK
 * collection or string grown by Jetty counts for Jetty, and one grown by the filter for the filter), with
 * the share of all that falls to Cloakroom's own code, and bytes by type. Only samples from
 * {@code --from} on count (the run's log says when each measured cell started; default: all).
 *
 * <pre>
 * bench/run profile target/bench/cloakroom-memory-1.jfr [--top 25] [--from 2026-12-03T18:40:00Z]
 * </pre>
 */
public final class Profile {

  private Profile() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: Profile FILE.jfr [--top N] [--from INSTANT] [--to INSTANT]");
      System.exit(2);
    }
    Map<String, String> options = BenchServer.options(java.util.Arrays.copyOfRange(args, 1, args.length));
    int top = Integer.parseInt(options.getOrDefault("top", "25"));
    Instant from = options.containsKey("from") ? Instant.parse(options.get("from")) : Instant.MIN;
    Instant to = options.containsKey("to") ? Instant.parse(options.get("to")) : Instant.MAX;

    Map<String, Long> self = new HashMap<>();
    Map<String, Long> total = new HashMap<>();
    Map<String, Long> allocByType = new HashMap<>();
    Map<String, Long> allocBySite = new HashMap<>();
    Map<String, Long> cpuBySite = new HashMap<>();
    long samples = 0;
    long allocated = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
        continue;
      }
      String type = e.getEventType().getName();
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      if (type.equals("jdk.ExecutionSample")) {
        samples++;
        self.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
        cpuBySite.merge(site(stack.getFrames()), 1L, Long::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : stack.getFrames()) {
          String n = name(f);
          if (seen.add(n)) {
            total.merge(n, 1L, Long::sum);
          }
        }
      } else if (type.equals("jdk.ObjectAllocationSample")) {
        long weight = e.getLong("weight");
        allocated += weight;
        allocByType.merge(e.getClass("objectClass").getName(), weight, Long::sum);
        allocBySite.merge(site(stack.getFrames()), weight, Long::sum);
      }
    }
    System.out.printf(Locale.ROOT, "%,d CPU samples, %,d MB allocated (sampled weight)%n%n", samples,
        allocated >> 20);
    System.out.printf(Locale.ROOT, "Cloakroom's own code (first frame outside the JDK in dev.cloakroom, not the"
        + " bench): %.1f%% of CPU samples, %.1f%% of bytes allocated%n%n", 100.0 * ours(cpuBySite) / Math.max(1, samples),
        100.0 * ours(allocBySite) / Math.max(1, allocated));
    print("CPU by first frame outside the JDK", cpuBySite, samples, top, "samples");
    print("CPU, self", self, samples, top, "samples");
    print("CPU, total (on the stack)", total, samples, top, "samples");
    print("allocation by type", allocByType, allocated, top, "bytes");
    print("allocation by first frame outside the JDK", allocBySite, allocated, top, "bytes");
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  /** The first frame on the stack outside the JDK (who asked for the work), else the top frame. */
  private static String site(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String type = f.getMethod().getType().getName();
      if (!(type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.startsWith("com.sun."))) {
        return name(f);
      }
    }
    return name(frames.get(0));
  }

  private static long ours(Map<String, Long> bySite) {
    return bySite.entrySet().stream()
        .filter(e -> e.getKey().startsWith("dev.cloakroom.") && !e.getKey().startsWith("dev.cloakroom.bench."))
        .mapToLong(Map.Entry::getValue).sum();
  }

  private static void print(String title, Map<String, Long> counts, long all, int top, String unit) {
    System.out.printf(Locale.ROOT, "### %s%n%n| %s | share | method or type |%n|---:|---:|---|%n", title, unit);
    List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
    rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    for (Map.Entry<String, Long> r : rows.subList(0, Math.min(top, rows.size()))) {
      System.out.printf(Locale.ROOT, "| %,d | %.1f%% | `%s` |%n", r.getValue(), 100.0 * r.getValue() / Math.max(1, all),
          r.getKey());
    }
    System.out.println();
  }
}

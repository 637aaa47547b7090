package dev.cloakroom.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The side-by-side run of issue 13: the same servlet ({@link BenchServlet}) on embedded Jetty 12 under
 * each session machinery in turn ({@link Machinery}), driven over loopback by {@code wrk}, or the memory
 * each machinery holds per session. {@code bench/run} builds the project, installs {@code wrk} when it is
 * missing, and starts this class; docs/BENCHMARKS.md ("Side by side") explains every column.
 *
 * <pre>
 * bench/run [load] [--duration 10] [--warmup 5] [--repetitions 3] [--connections 64] [--threads 2]
 *           [--sessions 10000] [--machineries all|LABEL,...] [--workloads all|untouched,read,write,churn]
 *           [--heap 2g] [--postgres JDBC_URL] [--out target/bench]
 * bench/run memory [--sessions 100000] [--machineries ...] [--heap 2g]
 * </pre>
 *
 * <p>Load: for each repetition, for each machinery in turn (A B C, A B C, ...), a fresh server JVM
 * ({@code -Xms/-Xmx} the heap, G1, the same flags for all), a pool of sessions created over HTTP, then
 * for each workload a warm-up and a measured {@code wrk} run. Server CPU per request is the server
 * JVM's CPU time over the measured run divided by its requests; store CPU the same for the run's own
 * Redis or for the PostgreSQL backends of the server's pool. Memory: for each in-heap machinery, the
 * live heap after full collections before and after creating the sessions; for each Redis machinery,
 * Redis's {@code used_memory} before and after, anonymous and signed in.
 */
public final class SideBySide {

  /** Sessions each memory server makes before its "before" figure. */
  private static final int WARM_SESSIONS = 100;

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Map<String, String> options;
  private final Path out;
  private final List<String> jvmFlags;
  private final Map<Machinery, String> skipped = new LinkedHashMap<>();

  private SideBySide(Map<String, String> options) throws IOException {
    this.options = options;
    this.out = Path.of(options.getOrDefault("out", "target/bench"));
    Files.createDirectories(out);
    String heap = options.getOrDefault("heap", "2g");
    List<String> flags = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"));
    if (options.containsKey("jfr")) { // a flight recording per server, for bench/run profile
      flags.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + out.toAbsolutePath()
          + "/{name}.jfr");
    }
    this.jvmFlags = List.copyOf(flags);
  }

  public static void main(String[] args) throws Exception {
    boolean hasMode = args.length > 0 && !args[0].startsWith("--");
    String mode = hasMode ? args[0] : "load";
    String[] rest = hasMode ? Arrays.copyOfRange(args, 1, args.length) : args;
    Map<String, String> options = BenchServer.options(rest);
    SideBySide run = new SideBySide(options);
    int status = switch (mode) {
      case "load" -> run.load();
      case "memory" -> run.memory();
      default -> throw new IllegalArgumentException("mode is load or memory, not " + mode);
    };
    System.exit(status);
  }

  private int intOption(String name, int dflt, int min, int max) {
    String v = options.getOrDefault(name, Integer.toString(dflt)).replaceFirst("s$", "");
    int n = Integer.parseInt(v);
    if (n < min || n > max) {
      throw new IllegalArgumentException("--" + name + " takes " + min + " to " + max + ", not " + n);
    }
    return n;
  }

  static void say(String format, Object... args) {
    System.err.printf(Locale.ROOT, "bench: " + format + "%n", args);
  }

  private int load() throws Exception {
    int seconds = intOption("duration", 10, 1, 600);
    int warmup = intOption("warmup", 5, 0, 600);
    int repetitions = intOption("repetitions", 3, 1, 100);
    int connections = intOption("connections", 64, 1, 10_000);
    int threads = intOption("threads", 2, 1, 64);
    int sessions = intOption("sessions", 10_000, 1, 10_000_000);
    List<Machinery> machineries = Machinery.parse(options.getOrDefault("machineries", "all"));
    List<Workload> workloads = Workload.parse(options.getOrDefault("workloads", "all"));
    Path script = Path.of(options.getOrDefault("script", "bench/workload.lua"));
    String wrkVersion = Wrk.version();
    if (wrkVersion == null) {
      say("wrk is not on the PATH: bench/run installs Debian's wrk; or install it yourself");
      return 2;
    }
    Wrk wrk = new Wrk(script, threads, connections);
    Report report = new Report();
    List<String> failures = new ArrayList<>();
    String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadBefore = loadAverage();
    try (Services services = Services.start(machineries, postgresUrl(), out)) {
      List<Machinery> runnable = runnable(machineries, services);
      int cells = repetitions * runnable.size() * workloads.size();
      say("%d cells: %d repetition%s × %s × %s; %d s each after %d s warm-up; %d connections, %d wrk threads,"
          + " %,d pool sessions", cells, repetitions, repetitions == 1 ? "" : "s", Machinery.labels(runnable),
          String.join(",", workloads.stream().map(w -> w.label).toList()), seconds, warmup, connections, threads,
          sessions);
      int cell = 0;
      for (int rep = 1; rep <= repetitions; rep++) {
        for (Machinery m : runnable) {
          say("repetition %d/%d: starting the %s server", rep, repetitions, m.label);
          try (ServerProcess server = ServerProcess.start(m, jvmFlags, serverArgs(m, services, false, 0), out,
              m.label + "-" + rep)) {
            Path pool = out.resolve("pool-" + m.label + ".txt");
            if (workloads.stream().anyMatch(Workload::usesPool)) {
              say("%s: creating %,d sessions over HTTP (GET /new)", m.label, sessions);
              List<String> cookies = SessionMaker.create(server, "/new", sessions);
              SessionMaker.check(server, cookies);
              Files.write(pool, cookies, StandardCharsets.US_ASCII);
            }
            if (warmup > 0) { // the JIT sees every path of the server before its first cell is measured
              for (Workload w : workloads) {
                if (w.usesPool()) {
                  say("%s: JIT warm-up, %s %d s", m.label, w.label, warmup);
                  wrk.run(server.base(), w, pool, warmup);
                }
              }
            }
            for (Workload w : workloads) {
              cell++;
              if (warmup > 0) {
                say("[%d/%d] %s %s: warm-up %d s", cell, cells, m.label, w.label, warmup);
                wrk.run(server.base(), w, pool, warmup);
              }
              say("[%d/%d] %s %s: measuring %d s", cell, cells, m.label, w.label, seconds);
              report.add(measure(wrk, server, services, w, pool, seconds, rep));
            }
          } catch (Exception e) {
            String failure = "repetition " + rep + ", " + m.label + ": " + e.getMessage();
            failures.add(failure);
            say("FAILED %s (server log: %s)", failure, out.resolve(m.label + "-" + rep + ".log"));
          } finally {
            services.clean(m);
          }
        }
      }
      String header = header(started, loadBefore, wrkVersion, services, String.format(Locale.ROOT,
          "%d repetition%s, %d s per cell after %d s warm-up, %d connections, %d wrk threads, %,d pool sessions,"
              + " server JVM %s", repetitions, repetitions == 1 ? "" : "s", seconds, warmup, connections, threads, sessions,
          String.join(" ", jvmFlags)), runnable);
      String table = header + report.markdown(runnable, workloads) + failures(failures);
      print(table, report.csv(), "side-by-side");
    }
    return failures.isEmpty() && report.errors() == 0 ? 0 : 1;
  }

  private Report.Sample measure(Wrk wrk, ServerProcess server, Services services, Workload w, Path pool, int seconds,
      int rep) throws IOException, InterruptedException {
    Duration cpu0 = server.cpu();
    Map<Long, Duration> store0 = services.storeCpuByProcess(server.machinery);
    Wrk.Result r = wrk.run(server.base(), w, pool, seconds);
    Duration cpu1 = server.cpu();
    Map<Long, Duration> store1 = services.storeCpuByProcess(server.machinery);
    Duration store = Duration.ZERO;
    for (Map.Entry<Long, Duration> e : store1.entrySet()) {
      store = store.plus(e.getValue().minus(store0.getOrDefault(e.getKey(), Duration.ZERO)));
    }
    double requests = Math.max(1, r.requests());
    Report.Sample s = new Report.Sample(server.machinery, w, rep, r.requests(), r.perSecond(), r.p50Micros(),
        r.p99Micros(), cpu1.minus(cpu0).toNanos() / 1000.0 / requests, store.toNanos() / 1000.0 / requests, r.errors());
    say("    %,.0f req/s, p50 %d µs, p99 %d µs, server CPU %.1f µs/req, store CPU %.1f µs/req, errors %d",
        s.perSecond(), s.p50Micros(), s.p99Micros(), s.serverCpuMicros(), s.storeCpuMicros(), s.errors());
    return s;
  }

  private List<Machinery> runnable(List<Machinery> machineries, Services services) {
    List<Machinery> runnable = new ArrayList<>();
    for (Machinery m : machineries) {
      Optional<String> why = services.missing(m.service);
      if (why.isPresent()) {
        skipped.put(m, why.get());
        say("skipping %s: %s", m.label, why.get());
      } else {
        runnable.add(m);
      }
    }
    return runnable;
  }

  private String postgresUrl() {
    return options.getOrDefault("postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  }

  private static List<String> serverArgs(Machinery m, Services services, boolean principal, int maxSessions) {
    List<String> args = new ArrayList<>();
    switch (m.service) {
      case REDIS -> args.addAll(List.of("--redis", services.redisHostPort()));
      case POSTGRES -> args.addAll(List.of("--postgres", services.serverPostgresUrl(), "--tables", services.tablePrefix()));
      case NONE -> { }
    }
    if (principal) {
      args.add("--principal");
    }
    if (maxSessions > 0) {
      args.addAll(List.of("--max-sessions", Integer.toString(maxSessions)));
    }
    return args;
  }

  private int memory() throws Exception {
    int sessions = intOption("sessions", 100_000, 1, 10_000_000);
    List<Machinery> machineries = Machinery.parse(options.getOrDefault("machineries", "all")).stream()
        .filter(m -> m.inHeap() || m.service == Machinery.Service.REDIS).toList();
    String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadBefore = loadAverage();
    StringBuilder heap = new StringBuilder("\n#### Heap bytes per session (live heap after full GC)\n\n"
        + "| machinery | sessions | heap before | heap after | bytes per session |\n|---|---|---:|---:|---:|\n");
    StringBuilder redis = new StringBuilder("\n#### Redis bytes per session (`used_memory`)\n\n"
        + "| machinery | sessions | used_memory before | after | keys after | bytes per session |\n"
        + "|---|---|---:|---:|---:|---:|\n");
    List<String> failures = new ArrayList<>();
    try (Services services = Services.start(machineries, postgresUrl(), out)) {
      List<Machinery> runnable = runnable(machineries, services);
      for (Machinery m : runnable) {
        for (boolean signedIn : new boolean[] {false, true}) {
          String variant = signedIn ? "signed in" : "anonymous";
          String path = signedIn ? "/signin" : "/new";
          String name = m.label + "-memory-" + (signedIn ? "signedin" : "anonymous");
          services.clean(m);
          say("%s, %s: %,d sessions through GET %s", m.label, variant, sessions, path);
          try (ServerProcess server = ServerProcess.start(m, jvmFlags,
              serverArgs(m, services, signedIn && m.isCloakroom(), 2 * sessions + 1000), out, name)) {
            // the first sessions of a server also fill its buffer pools and lazy structures: not per session
            SessionMaker.create(server, path, WARM_SESSIONS);
            if (m.inHeap()) {
              long before = SessionMaker.heap(server);
              SessionMaker.create(server, path, sessions);
              long after = SessionMaker.heap(server);
              heap.append(String.format(Locale.ROOT, "| %s | %,d %s | %,d | %,d | %,d |%n", m.label, sessions, variant,
                  before, after, (after - before) / sessions));
            } else {
              long before = services.redisUsedMemory();
              SessionMaker.create(server, path, sessions);
              long after = services.redisUsedMemory();
              redis.append(String.format(Locale.ROOT, "| %s | %,d %s | %,d | %,d | %,d | %,d |%n", m.label, sessions,
                  variant, before, after, services.redisKeys(), (after - before) / sessions));
            }
          } catch (Exception e) {
            String failure = m.label + " " + variant + ": " + e.getMessage();
            failures.add(failure);
            say("FAILED %s (server log: %s)", failure, out.resolve(name + ".log"));
          } finally {
            services.clean(m);
          }
        }
      }
      String header = header(started, loadBefore, null, services, String.format(Locale.ROOT,
          "%,d sessions each, created over HTTP; server JVM %s", sessions, String.join(" ", jvmFlags)), runnable);
      print(header + heap + redis + failures(failures), null, "memory");
    }
    return failures.isEmpty() ? 0 : 1;
  }

  private static String failures(List<String> failures) {
    if (failures.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\nFailed (see the server logs):\n\n");
    failures.forEach(f -> b.append("- ").append(f).append('\n'));
    return b.toString();
  }

  private void print(String markdown, String csv, String name) throws IOException {
    String stamp = LocalDateTime.now().format(STAMP);
    Path md = out.resolve(name + "-" + stamp + ".md");
    Files.writeString(md, markdown, StandardCharsets.UTF_8);
    if (csv != null) {
      Files.writeString(out.resolve(name + "-" + stamp + ".csv"), csv, StandardCharsets.UTF_8);
    }
    System.out.println(markdown);
    say("written to %s", md);
  }

  private String header(String started, String loadBefore, String wrkVersion, Services services, String settings,
      List<Machinery> ran) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("date", started + " to " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
    facts.put("commit", git());
    facts.put("machine", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
        + memTotal() + "; load average " + loadBefore + " before, " + loadAverage() + " after");
    facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    facts.put("versions", versions());
    if (wrkVersion != null) {
      facts.put("load client", wrkVersion);
    }
    if (ran.stream().anyMatch(m -> m.service == Machinery.Service.REDIS)) {
      facts.put("Redis", services.redisVersion() + " (the run's own redis-server, no persistence)");
    }
    if (ran.stream().anyMatch(m -> m.service == Machinery.Service.POSTGRES)) {
      facts.put("PostgreSQL", services.postgresVersion());
    }
    facts.put("settings", settings);
    skipped.forEach((m, why) -> facts.put("skipped " + m.label, why));
    StringBuilder b = new StringBuilder();
    facts.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
    return b.toString();
  }

  /** Versions of the session machinery on the classpath, read from the jar names. */
  private static String versions() {
    Pattern jar = Pattern.compile("(jetty-server|jetty-session|spring-session-core|spring-data-redis|spring-core"
        + "|lettuce-core|HikariCP|postgresql)-([0-9][^/]*?)\\.jar$");
    List<String> found = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Matcher m = jar.matcher(entry);
      if (m.find()) {
        found.add(m.group(1) + " " + m.group(2));
      }
    }
    return String.join(", ", found.stream().sorted().toList());
  }

  private static String git() {
    try {
      Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? out : "?";
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  private static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }
}

package dev.cloakroom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The side-by-side figures: one sample per cell (machinery, workload, repetition), and the markdown
 * tables made of them. Every figure is the median over the repetitions; {@code ±n%} is the spread, half
 * the range (max − min) over the median, shown when there are two repetitions or more.
 */
final class Report {

  /** One measured cell. CPU figures are microseconds per request; latencies microseconds. */
  record Sample(Machinery machinery, Workload workload, int repetition, long requests, double perSecond,
      long p50Micros, long p99Micros, double serverCpuMicros, double storeCpuMicros, long errors) {
    double totalCpuMicros() {
      return serverCpuMicros + storeCpuMicros;
    }
  }

  private final List<Sample> samples = new ArrayList<>();

  void add(Sample sample) {
    samples.add(sample);
  }

  boolean isEmpty() {
    return samples.isEmpty();
  }

  long errors() {
    return samples.stream().mapToLong(Sample::errors).sum();
  }

  private List<Sample> cell(Machinery m, Workload w) {
    return samples.stream().filter(s -> s.machinery == m && s.workload == w).toList();
  }

  String markdown(List<Machinery> machineries, List<Workload> workloads) {
    StringBuilder b = new StringBuilder();
    for (Workload w : workloads) {
      b.append("\n#### ").append(w.label).append(": ").append(w.description).append("\n\n");
      b.append("| machinery | req/s | p50 | p99 | server CPU µs/req | store CPU µs/req | errors |\n");
      b.append("|---|---:|---:|---:|---:|---:|---:|\n");
      for (Machinery m : machineries) {
        List<Sample> cell = cell(m, w);
        if (cell.isEmpty()) {
          continue;
        }
        b.append("| ").append(m.label)
            .append(" | ").append(figure(cell, Sample::perSecond, "%,.0f"))
            .append(" | ").append(latency(cell, s -> s.p50Micros))
            .append(" | ").append(latency(cell, s -> s.p99Micros))
            .append(" | ").append(figure(cell, Sample::serverCpuMicros, "%,.1f"))
            .append(" | ").append(m.service == Machinery.Service.NONE ? "–" : figure(cell, Sample::storeCpuMicros, "%,.1f"))
            .append(" | ").append(cell.stream().mapToLong(Sample::errors).sum())
            .append(" |\n");
      }
    }
    List<Machinery> ours = machineries.stream().filter(Machinery::isCloakroom).toList();
    List<Machinery> peers = machineries.stream().filter(m -> !m.isCloakroom()).toList();
    if (!ours.isEmpty() && !peers.isEmpty()) {
      b.append("\n#### Cloakroom ÷ peer: requests per second (above 1: Cloakroom serves more)\n\n");
      ratioTable(b, ours, peers, workloads, Sample::perSecond);
      b.append("\n#### Cloakroom ÷ peer: CPU per request, server and store together (below 1: Cloakroom spends less)\n\n");
      ratioTable(b, ours, peers, workloads, Sample::totalCpuMicros);
    }
    return b.toString();
  }

  private void ratioTable(StringBuilder b, List<Machinery> ours, List<Machinery> peers, List<Workload> workloads,
      ToDoubleFunction<Sample> metric) {
    b.append("| workload | Cloakroom |");
    peers.forEach(p -> b.append(" ").append(p.label).append(" |"));
    b.append("\n|---|---|");
    peers.forEach(p -> b.append("---:|"));
    b.append("\n");
    for (Workload w : workloads) {
      for (Machinery m : ours) {
        if (cell(m, w).isEmpty()) {
          continue;
        }
        b.append("| ").append(w.label).append(" | ").append(m.label).append(" |");
        for (Machinery p : peers) {
          b.append(" ").append(ratio(m, p, w, metric).orElse("–")).append(" |");
        }
        b.append("\n");
      }
    }
  }

  /** The median of the per-repetition ratios (the same repetition of both: they ran side by side). */
  private Optional<String> ratio(Machinery ours, Machinery peer, Workload w, ToDoubleFunction<Sample> metric) {
    Map<Integer, Sample> theirs = new TreeMap<>();
    cell(peer, w).forEach(s -> theirs.put(s.repetition, s));
    List<Double> ratios = new ArrayList<>();
    for (Sample s : cell(ours, w)) {
      Sample t = theirs.get(s.repetition);
      if (t != null && metric.applyAsDouble(t) > 0) {
        ratios.add(metric.applyAsDouble(s) / metric.applyAsDouble(t));
      }
    }
    return ratios.isEmpty() ? Optional.empty() : Optional.of(withSpread(ratios, "%.2f"));
  }

  private static String figure(List<Sample> cell, ToDoubleFunction<Sample> metric, String format) {
    return withSpread(cell.stream().map(metric::applyAsDouble).toList(), format);
  }

  private static String latency(List<Sample> cell, ToDoubleFunction<Sample> micros) {
    List<Double> values = cell.stream().map(micros::applyAsDouble).toList();
    double median = median(values);
    String text = median >= 10_000 ? String.format(Locale.ROOT, "%.0f ms", median / 1000)
        : median >= 1000 ? String.format(Locale.ROOT, "%.1f ms", median / 1000)
        : String.format(Locale.ROOT, "%.0f µs", median);
    return text + spread(values, median);
  }

  private static String withSpread(List<Double> values, String format) {
    double median = median(values);
    return String.format(Locale.ROOT, format, median) + spread(values, median);
  }

  private static String spread(List<Double> values, double median) {
    if (values.size() < 2 || median == 0) {
      return "";
    }
    double range = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
        - values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    return String.format(Locale.ROOT, " ±%.0f%%", 100 * range / 2 / median);
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Every sample, one CSV line each, for a later look. */
  String csv() {
    StringBuilder b = new StringBuilder("machinery,workload,repetition,requests,per_second,p50_us,p99_us,"
        + "server_cpu_us_per_request,store_cpu_us_per_request,errors\n");
    for (Sample s : samples) {
      b.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.1f,%d,%d,%.2f,%.2f,%d%n", s.machinery.label, s.workload.label,
          s.repetition, s.requests, s.perSecond, s.p50Micros, s.p99Micros, s.serverCpuMicros, s.storeCpuMicros, s.errors));
    }
    return b.toString();
  }
}

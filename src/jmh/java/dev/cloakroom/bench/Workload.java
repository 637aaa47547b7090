package dev.cloakroom.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The workloads of the side-by-side run, as {@code bench/workload.lua} drives them. The order of the
 * constants is the order of a server's cells: sign-in churn last, since it fills the store.
 */
enum Workload {
  /** GET /static with a pool cookie: the page never asks for its session. */
  UNTOUCHED("never touches the session", 0),
  /** 90% GET /read, 10% GET /write, each with a pool cookie. */
  READ("90% reads, 10% attribute writes", 90),
  /** GET /write with a pool cookie: every request sets an attribute. */
  WRITE("every request sets an attribute", 0),
  /** GET /signin without a cookie: a new session, one attribute, an id change. */
  CHURN("sign-in: new session, attribute, id change", 0);

  /** Its name in options and reports: the constant's name in lower case. */
  final String label = name().toLowerCase(Locale.ROOT);
  final String description;
  final int readPercent;

  Workload(String description, int readPercent) {
    this.description = description;
    this.readPercent = readPercent;
  }

  boolean usesPool() {
    return this != CHURN;
  }

  static List<Workload> parse(String csv) {
    if (csv.equals("all")) {
      return List.of(values());
    }
    List<String> wanted = Arrays.stream(csv.split(",")).map(String::trim).toList();
    for (String w : wanted) {
      if (Arrays.stream(values()).noneMatch(v -> v.label.equals(w))) {
        throw new IllegalArgumentException("no workload '" + w + "'; known: untouched,read,write,churn");
      }
    }
    return Arrays.stream(values()).filter(v -> wanted.contains(v.label)).toList();
  }
}

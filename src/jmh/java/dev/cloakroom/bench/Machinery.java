package dev.cloakroom.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The session machineries of the side-by-side run, each under the same servlet ({@link BenchServlet}) on
 * embedded Jetty 12 (ee10). {@link BenchServer} builds each one; {@link SideBySide} drives them.
 */
enum Machinery {
  /** No session machinery at all: the servlet never asks for a session. The ceiling. */
  NONE("", Service.NONE),
  /** Jetty's own sessions: {@code DefaultSessionCache} over no data store, all in the heap. */
  JETTY_MEMORY("JSESSIONID", Service.NONE),
  /**
   * Jetty's {@code JDBCSessionDataStore} on PostgreSQL under a {@code NullSessionCache}: every request
   * loads its session from the database, as Cloakroom's JDBC store does (a caching Jetty would need
   * sticky sessions to be correct on several nodes). Pooled by HikariCP, 10 connections, as Cloakroom's.
   */
  JETTY_JDBC("JSESSIONID", Service.POSTGRES),
  /** Spring Session's {@code SessionRepositoryFilter} over a {@code MapSessionRepository}. */
  SPRING_MAP("SESSION", Service.NONE),
  /** Spring Session's {@code SessionRepositoryFilter} over a {@code RedisSessionRepository} (Lettuce). */
  SPRING_REDIS("SESSION", Service.REDIS),
  /** Cloakroom's filter on its default memory store. */
  CLOAKROOM_MEMORY("SID", Service.NONE),
  /** Cloakroom's filter on its Redis store. */
  CLOAKROOM_REDIS("SID", Service.REDIS),
  /** Cloakroom's filter on its JDBC store, PostgreSQL. */
  CLOAKROOM_POSTGRES("SID", Service.POSTGRES);

  /** What a machinery needs besides the JVM. */
  enum Service { NONE, REDIS, POSTGRES }

  /** Its name in options and reports: the constant's name in lower case, with {@code -} for {@code _}. */
  final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');
  final String cookieName;
  final Service service;

  Machinery(String cookieName, Service service) {
    this.cookieName = cookieName;
    this.service = service;
  }

  boolean isCloakroom() {
    return label.startsWith("cloakroom-");
  }

  /** Machineries kept in the JVM's heap: the ones whose heap bytes per session are measured. */
  boolean inHeap() {
    return this == JETTY_MEMORY || this == SPRING_MAP || this == CLOAKROOM_MEMORY;
  }

  static Machinery of(String label) {
    for (Machinery m : values()) {
      if (m.label.equals(label)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no machinery '" + label + "'; known: " + labels(List.of(values())));
  }

  static List<Machinery> parse(String csv) {
    if (csv.equals("all")) {
      return List.of(values());
    }
    return Arrays.stream(csv.split(",")).map(String::trim).map(s -> s.toLowerCase(Locale.ROOT))
        .map(Machinery::of).distinct().toList();
  }

  static String labels(List<Machinery> machineries) {
    return machineries.stream().map(m -> m.label).collect(Collectors.joining(","));
  }
}

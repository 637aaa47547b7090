package dev.cloakroom.event;

import java.util.Map;

/**
 * The filter's metrics over JMX, registered by the filter as
 * {@code dev.cloakroom:type=SessionMetrics,context=<context path>,name=<filter>}. Every value is a
 * total since the filter started, or a gauge read when asked.
 *
 * @since 0.1
 */
public interface SessionMetricsMXBean {
  /** Event word to count. */
  Map<String, Long> getCounts();

  /**
   * Store call timings: {@code <operation>.<outcome>.count}, {@code .totalNanos} and {@code .maxNanos}
   * for every operation ({@code load}, {@code save}, ...) and outcome ({@code success},
   * {@code unavailable}, {@code error}).
   *
   * @since 0.2
   */
  Map<String, Long> getStoreOperations();

  /**
   * Sizes of written sessions (encoded attribute bytes): {@code count}, {@code totalBytes},
   * {@code maxBytes}. Stays at zero on the memory store, which keeps live objects.
   *
   * @since 0.2
   */
  Map<String, Long> getSessionSize();

  /**
   * The store's circuit breaker: {@code closed}, {@code open}, {@code half-open}, or {@code none} when
   * the store has no breaker.
   *
   * @since 0.2
   */
  String getBreakerState();

  /**
   * Sessions the store holds, where it can count them cheaply (memory, Redis); -1 otherwise. Asks the
   * store on every read.
   *
   * @since 0.2
   */
  long getActiveSessions();
}

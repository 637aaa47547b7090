package dev.cloakroom.event;

import java.util.Map;

/**
 * The counters over JMX, registered by the filter as {@code dev.cloakroom:type=SessionMetrics,name=<filter>}.
 *
 * @since 0.1
 */
public interface SessionMetricsMXBean {
  /** Event word to count. */
  Map<String, Long> getCounts();
}

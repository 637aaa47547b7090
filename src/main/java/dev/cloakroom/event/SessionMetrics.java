package dev.cloakroom.event;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters, one per {@link SessionEvent}, since the filter started. Thread-safe.
 *
 * @since 0.1
 */
public final class SessionMetrics implements SessionMetricsMXBean {

  private final Map<SessionEvent, LongAdder> counters = new EnumMap<>(SessionEvent.class);

  public SessionMetrics() {
    for (SessionEvent e : SessionEvent.values()) {
      counters.put(e, new LongAdder());
    }
  }

  /** Counts one event. */
  public void record(SessionEvent event) {
    counters.get(event).increment();
  }

  /** The count of {@code event} so far. */
  public long count(SessionEvent event) {
    return counters.get(event).sum();
  }

  @Override
  public Map<String, Long> getCounts() {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    counters.forEach((k, v) -> out.put(k.word(), v.sum()));
    return out;
  }
}

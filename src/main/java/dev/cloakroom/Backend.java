package dev.cloakroom;

import dev.cloakroom.codec.AttributeCodec;
import dev.cloakroom.event.SessionMetrics;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.memory.MemoryRepository;
import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.util.EventListener;
import java.util.List;

/**
 * What every request of one filter shares: settings, the repository, the codec, the counters. Made once
 * in the filter's {@code init}; immutable after.
 *
 * @param settings   the validated settings
 * @param repository the store (decorated as the filter sees fit)
 * @param codec      the attribute codec
 * @param metrics    the event counters
 * @param proxies    the trusted proxies, parsed
 * @param servletContext the app's context
 * @param classLoader the app's class loader, for decoding attributes
 * @param listeners  the app's session listeners
 * @param passive    which requests are passive
 * @param anomalies  the anomaly signals per client address ({@link AnomalyDetector#OFF} when off)
 */
record Backend(
    Settings settings,
    SessionRepository repository,
    AttributeCodec codec,
    SessionMetrics metrics,
    ProxyMatcher proxies,
    ServletContext servletContext,
    ClassLoader classLoader,
    Listeners listeners,
    PassiveRequests passive,
    AnomalyDetector anomalies) {

  /**
   * What the requests of one filter share, assembled at its start: every store call timed into
   * {@code metrics}, the trusted proxies and the passive requests parsed, the listeners sorted by kind,
   * the anomaly signals on if a threshold is set.
   *
   * @param listeners the app's session listeners: the container's, then those of the settings
   */
  static Backend of(Settings settings, SessionRepository repository, AttributeCodec codec, SessionMetrics metrics,
      ServletContext servletContext, ClassLoader classLoader, List<? extends EventListener> listeners) {
    boolean anomaliesOn = settings.anomalyRejectedPerMinute() > 0 || settings.anomalyCreatedPerMinute() > 0;
    AnomalyDetector anomalies = anomaliesOn ? new AnomalyDetector(settings.anomalyRejectedPerMinute(),
        settings.anomalyCreatedPerMinute(), AnomalyDetector.CAPACITY, settings.anomalyListener(), metrics)
        : AnomalyDetector.OFF;
    return new Backend(settings, new TimedRepository(repository, metrics, settings.clock()), codec, metrics,
        settings.proxies(), servletContext, classLoader, new Listeners(listeners),
        PassiveRequests.of(settings), anomalies);
  }

  /** The clock of the settings. */
  Clock clock() {
    return settings.clock();
  }

  /**
   * Whether sessions keep their attributes as live objects ({@link dev.cloakroom.store.LiveAttributes}):
   * on the memory store unless {@code memoryEncoding} is set. Every other store gets encoded values.
   */
  boolean keepsObjects() {
    return TimedRepository.unwrap(repository) instanceof MemoryRepository && !settings.memoryEncoding();
  }
}

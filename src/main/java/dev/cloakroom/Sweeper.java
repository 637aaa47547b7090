package dev.cloakroom;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.memory.MemoryRepository;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the sessions that die outside any request, telling their listeners: the expired sessions still
 * in the store, removed by {@link #sweep} (the filter calls it every {@code sweepInterval}), and, on the
 * memory store, the sessions it evicts to make room.
 *
 * <p>Thread-safe: sweeps and evictions may run at once, on other threads than the requests'.
 */
final class Sweeper {

  private static final int SWEEP_BATCH = 1000;
  private static final long EVICTION_LOG_MILLIS = 60_000;

  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

  private final Backend backend;
  private final LongAdder evictedSinceLog = new LongAdder();
  private final AtomicLong nextEvictionLog = new AtomicLong(Long.MIN_VALUE);

  /** The sweeper of {@code backend}'s store; on the memory store, it hears of every eviction. */
  Sweeper(Backend backend) {
    this.backend = backend;
    if (TimedRepository.unwrap(backend.repository()) instanceof MemoryRepository memory) {
      memory.onEvicted(this::evicted);
    }
  }

  /**
   * Removes expired sessions from the store, telling listeners of each (exactly once, even when several
   * nodes sweep one store).
   *
   * @return how many were removed
   */
  int sweep() {
    Instant now = backend.clock().instant();
    int total = 0;
    List<SessionRecord> batch;
    do {
      batch = backend.repository().removeExpired(now, SWEEP_BATCH);
      for (SessionRecord r : batch) {
        backend.metrics().record(r.isIdleExpired(now) ? SessionEvent.EXPIRED_IDLE : SessionEvent.EXPIRED_ABSOLUTE);
        HttpSessionView.destroyed(backend, r, null);
      }
      total += batch.size();
    } while (batch.size() == SWEEP_BATCH);
    if (total > 0) {
      log.debug("sessions swept count={}", total);
    }
    return total;
  }

  /**
   * A session the memory store evicted to make room: counted, its listeners told as for an expiry, and
   * logged as a count at most once a minute (never one line per session).
   */
  private void evicted(SessionRecord r) {
    Instant now = backend.clock().instant();
    if (r.isExpired(now)) {
      backend.metrics().record(r.isIdleExpired(now) ? SessionEvent.EXPIRED_IDLE : SessionEvent.EXPIRED_ABSOLUTE);
    } else {
      backend.metrics().record(SessionEvent.EVICTED);
      evictedSinceLog.increment();
    }
    HttpSessionView.destroyed(backend, r, null);
    long due = nextEvictionLog.get();
    if (now.toEpochMilli() >= due && nextEvictionLog.compareAndSet(due, now.toEpochMilli() + EVICTION_LOG_MILLIS)) {
      long count = evictedSinceLog.sumThenReset();
      if (count > 0) {
        log.warn("sessions evicted count={} reason=store-full", count);
      }
    }
  }
}

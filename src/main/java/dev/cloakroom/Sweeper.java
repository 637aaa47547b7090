package dev.cloakroom;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.memory.MemoryRepository;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the sessions that die outside any request, telling their listeners: the expired sessions still
 * in the store, removed by {@link #sweep} every {@code sweepInterval} on a thread of its own
 * ({@link #start}, {@link #stop}), and, on the memory store, the sessions it evicts to make room.
 *
 * <p>Thread-safe: sweeps and evictions may run at once, on other threads than the requests'.
 */
final class Sweeper {

  private static final int SWEEP_BATCH = 1000;
  private static final long EVICTION_LOG_MILLIS = 60_000;
  /** How long {@link #stop} waits for a running sweep before interrupting it. */
  private static final long STOP_SECONDS = 10;

  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

  private final Backend backend;
  private final LongAdder evictedSinceLog = new LongAdder();
  private final AtomicLong nextEvictionLog = new AtomicLong(Long.MIN_VALUE);
  private ScheduledExecutorService schedule;

  /** The sweeper of {@code backend}'s store; on the memory store, it hears of every eviction. */
  Sweeper(Backend backend) {
    this.backend = backend;
    if (TimedRepository.unwrap(backend.repository()) instanceof MemoryRepository memory) {
      memory.onEvicted(this::evicted);
    }
  }

  /** Sweeps every {@code sweepInterval} from now on, on a daemon thread named for the filter. */
  void start(String filterName) {
    long period = Math.max(1, backend.settings().sweepInterval().toMillis());
    schedule = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cloakroom-sweeper-" + filterName);
      t.setDaemon(true);
      return t;
    });
    schedule.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops sweeping: waits up to {@value #STOP_SECONDS} seconds for a sweep that is running to finish,
   * then interrupts it, so that the store can be closed after with no sweep running against it.
   */
  void stop() {
    ScheduledExecutorService s = schedule;
    if (s == null) {
      return;
    }
    s.shutdown(); // no new sweep; a running one finishes
    try {
      if (!s.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
        log.warn("session sweep stopped reason=still running after {}s, interrupted", STOP_SECONDS);
        s.shutdownNow();
      }
    } catch (InterruptedException e) {
      s.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One scheduled sweep. Catches everything: a task of a scheduled executor that throws is never run
   * again, so one failure would end sweeping for the life of the app (issue 7, case 9). An
   * {@link Error} is logged at ERROR (the operator must look), a store failure at WARN; sweeping goes on
   * at the next interval either way.
   */
  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      backend.metrics().record(SessionEvent.STORE_ERROR);
      log.warn("session sweep failed reason={}", e.toString());
    } catch (Throwable e) { // rethrowing would only cancel the schedule: log it, sweep again next time
      log.error("session sweep failed reason={}", e.toString(), e);
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

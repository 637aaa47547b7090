package dev.cloakroom;

import dev.cloakroom.event.SessionMetrics;
import dev.cloakroom.event.SessionMetrics.Operation;
import dev.cloakroom.event.SessionMetrics.Outcome;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Times every call the filter makes to its store, in one place, and records it by operation and
 * outcome ({@link SessionMetrics#recordStoreCall}). Wraps the store as the filter opened it, breaker
 * included, so a call an open breaker fails at once is timed too (outcome {@code unavailable}).
 * {@link #size()} and {@link #close()} pass through untimed.
 *
 * <p>Time comes from {@code System.nanoTime()} when the filter runs on the system clock, else from the
 * filter's clock (tests pass a fake one and advance it inside a store call). Thread-safe.
 */
final class TimedRepository implements SessionRepository {

  private final SessionRepository delegate;
  private final SessionMetrics metrics;
  private final LongSupplier ticker;

  TimedRepository(SessionRepository delegate, SessionMetrics metrics, Clock clock) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.ticker = ticker(clock);
  }

  /** Nanoseconds that only differences are taken of. */
  static LongSupplier ticker(Clock clock) {
    if (clock.getClass() == Clock.systemUTC().getClass()) {
      return System::nanoTime; // monotonic, unlike the wall clock
    }
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /** The store as the filter opened it: what {@code repository} wraps, or {@code repository} itself. */
  static SessionRepository unwrap(SessionRepository repository) {
    return repository instanceof TimedRepository t ? t.delegate : repository;
  }

  private <T> T timed(Operation operation, Supplier<T> call) {
    long start = ticker.getAsLong();
    Outcome outcome = Outcome.ERROR;
    try {
      T result = call.get();
      outcome = Outcome.SUCCESS;
      return result;
    } catch (StoreUnavailableException e) {
      outcome = Outcome.UNAVAILABLE;
      throw e;
    } finally {
      metrics.recordStoreCall(operation, outcome, ticker.getAsLong() - start);
    }
  }

  @Override
  public Optional<SessionRecord> load(String key) {
    return timed(Operation.LOAD, () -> delegate.load(key));
  }

  @Override
  public void create(SessionRecord record) {
    timed(Operation.CREATE, () -> {
      delegate.create(record);
      return null;
    });
  }

  @Override
  public boolean save(String key, SessionDelta delta) {
    return timed(Operation.SAVE, () -> delegate.save(key, delta));
  }

  @Override
  public boolean changeKey(String oldKey, String newKey) {
    return timed(Operation.CHANGE_KEY, () -> delegate.changeKey(oldKey, newKey));
  }

  @Override
  public boolean changeKey(String oldKey, String newKey, Instant changedAt) {
    return timed(Operation.CHANGE_KEY, () -> delegate.changeKey(oldKey, newKey, changedAt));
  }

  @Override
  public Optional<String> movedTo(String oldKey) {
    return timed(Operation.MOVED_TO, () -> delegate.movedTo(oldKey));
  }

  @Override
  public boolean delete(String key) {
    return timed(Operation.DELETE, () -> delegate.delete(key));
  }

  @Override
  public List<SessionRecord> findByPrincipal(String principal, Instant now) {
    return timed(Operation.FIND_BY_PRINCIPAL, () -> delegate.findByPrincipal(principal, now));
  }

  @Override
  public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) {
    return timed(Operation.DELETE_BY_PRINCIPAL, () -> delegate.deleteByPrincipal(principal, keepKey));
  }

  @Override
  public List<SessionRecord> removeExpired(Instant now, int max) {
    return timed(Operation.REMOVE_EXPIRED, () -> delegate.removeExpired(now, max));
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public void close() {
    delegate.close();
  }
}

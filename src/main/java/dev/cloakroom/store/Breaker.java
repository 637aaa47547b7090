package dev.cloakroom.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker around any repository, so that requests fail fast while the store is down instead
 * of each waiting out a timeout.
 *
 * <ul>
 *   <li><b>Closed</b> (normal): calls pass through. After {@code threshold} consecutive
 *       {@link StoreUnavailableException}s it opens.
 *   <li><b>Open</b>: every call fails at once with {@link StoreUnavailableException}, without touching
 *       the store, until {@code coolDown} has passed.
 *   <li><b>Half-open</b>: one call (the first after the cool-down) goes through as a trial; the others
 *       still fail fast. If the trial reaches the store, the breaker closes; if it fails with
 *       {@link StoreUnavailableException}, it opens for another cool-down.
 * </ul>
 *
 * <p>Any other outcome, including a {@link StoreException} that is not "unavailable", counts as the
 * store answering. {@link #close()} always passes through. Time comes from the given {@link Clock}.
 * Thread-safe.
 *
 * @since 0.1
 */
public final class Breaker implements SessionRepository {

  /** Consecutive failures that open the breaker, by default. */
  public static final int DEFAULT_THRESHOLD = 3;
  /** How long the breaker stays open before a trial call, by default. */
  public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(Breaker.class);

  /** The breaker's state. */
  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final SessionRepository delegate;
  private final Clock clock;
  private final int threshold;
  private final Duration coolDown;

  private State state = State.CLOSED;
  private int failures;
  private Instant openUntil = Instant.MIN;
  private boolean trialInFlight;

  /**
   * @param delegate  the repository to guard
   * @param clock     measures the cool-down
   * @param threshold consecutive {@link StoreUnavailableException}s that open the breaker, at least 1
   * @param coolDown  how long it stays open before a trial, positive
   */
  public Breaker(SessionRepository delegate, Clock clock, int threshold, Duration coolDown) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
    }
    if (coolDown.isZero() || coolDown.isNegative()) {
      throw new IllegalArgumentException("coolDown must be positive, was " + coolDown);
    }
    this.threshold = threshold;
    this.coolDown = coolDown;
  }

  /** The current state (moving from open to half-open happens on the next call, not here). */
  public synchronized State state() {
    return state;
  }

  /**
   * How long a client should wait before retrying, for {@code Retry-After}: the rest of the cool-down
   * while open, rounded up to whole seconds, at least one second.
   */
  public synchronized Duration retryAfter() {
    Duration left = Duration.between(clock.instant(), openUntil);
    long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
    return Duration.ofSeconds(state == State.CLOSED ? 1 : seconds);
  }

  /** The guarded repository. */
  public SessionRepository delegate() {
    return delegate;
  }

  private <T> T call(String op, Supplier<T> body) {
    boolean trial = admit(op);
    T result;
    try {
      result = body.get();
    } catch (StoreUnavailableException e) {
      failed(trial);
      throw e;
    } catch (RuntimeException e) {
      succeeded(trial); // any other failure is the store answering
      throw e;
    } catch (Error e) {
      released(trial);
      throw e;
    }
    succeeded(trial);
    return result;
  }

  private synchronized boolean admit(String op) {
    if (state == State.CLOSED) {
      return false;
    }
    Instant now = clock.instant();
    if (state == State.OPEN && !now.isBefore(openUntil)) {
      state = State.HALF_OPEN;
    }
    if (state == State.HALF_OPEN && !trialInFlight) {
      trialInFlight = true;
      return true;
    }
    throw new StoreUnavailableException("store " + op + ": circuit open after repeated failures; retry in "
        + retryAfter().toSeconds() + "s");
  }

  private synchronized void failed(boolean trial) {
    if (trial) {
      trialInFlight = false;
      open();
    } else if (state == State.CLOSED && ++failures >= threshold) {
      open();
    }
  }

  private synchronized void released(boolean trial) {
    if (trial) {
      trialInFlight = false;
    }
  }

  private synchronized void succeeded(boolean trial) {
    if (trial) {
      trialInFlight = false;
    }
    if (trial || state == State.CLOSED) {
      if (state != State.CLOSED) {
        log.info("store circuit closed: the store answers again");
      }
      state = State.CLOSED;
      failures = 0;
    }
  }

  private void open() {
    if (state != State.OPEN) {
      log.warn("store circuit open: {} consecutive failures; failing fast for {}", Math.max(failures, 1), coolDown);
    }
    state = State.OPEN;
    openUntil = clock.instant().plus(coolDown);
    failures = 0;
  }

  @Override
  public Optional<SessionRecord> load(String key) {
    return call("load", () -> delegate.load(key));
  }

  @Override
  public void create(SessionRecord record) {
    call("create", () -> {
      delegate.create(record);
      return null;
    });
  }

  @Override
  public boolean save(String key, SessionDelta delta) {
    return call("save", () -> delegate.save(key, delta));
  }

  @Override
  public boolean changeKey(String oldKey, String newKey) {
    return call("changeKey", () -> delegate.changeKey(oldKey, newKey));
  }

  @Override
  public boolean changeKey(String oldKey, String newKey, Instant changedAt) {
    return call("changeKey", () -> delegate.changeKey(oldKey, newKey, changedAt));
  }

  @Override
  public Optional<String> movedTo(String oldKey) {
    return call("movedTo", () -> delegate.movedTo(oldKey));
  }

  @Override
  public boolean delete(String key) {
    return call("delete", () -> delegate.delete(key));
  }

  @Override
  public List<SessionRecord> findByPrincipal(String principal, Instant now) {
    return call("findByPrincipal", () -> delegate.findByPrincipal(principal, now));
  }

  @Override
  public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) {
    return call("deleteByPrincipal", () -> delegate.deleteByPrincipal(principal, keepKey));
  }

  @Override
  public List<SessionRecord> removeExpired(Instant now, int max) {
    return call("removeExpired", () -> delegate.removeExpired(now, max));
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

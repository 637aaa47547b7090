package dev.cloakroom.support;

import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a repository and counts calls per operation, so tests can assert store round trips; it can also
 * make an operation fail on demand ({@link #failOn}).
 */
public final class CountingRepository implements SessionRepository {

  private final SessionRepository delegate;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, java.util.function.Supplier<RuntimeException>> faults = new ConcurrentHashMap<>();

  public CountingRepository(SessionRepository delegate) {
    this.delegate = delegate;
  }

  /** Calls of {@code operation} ("load", "create", "save", ...) since the last reset. */
  public int calls(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  /** All calls since the last reset. */
  public int total() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public void reset() {
    calls.clear();
  }

  /**
   * Makes every later call of {@code operation} throw what {@code failure} supplies, until
   * {@link #healed()}; the call is counted, the delegate is not called.
   */
  public void failOn(String operation, java.util.function.Supplier<RuntimeException> failure) {
    faults.put(operation, failure);
  }

  private final Map<String, Runnable> actions = new ConcurrentHashMap<>();

  /**
   * Runs {@code action} inside every later call of {@code operation}, before the delegate (a test
   * advances its fake clock there, so the call takes that long); {@code "close"} included, though
   * closing is not counted.
   */
  public void onCall(String operation, Runnable action) {
    actions.put(operation, action);
  }

  /** Makes the next call of {@code operation}, and only that one, throw what {@code failure} supplies. */
  public void failOnce(String operation, java.util.function.Supplier<RuntimeException> failure) {
    faults.put(operation, () -> {
      faults.remove(operation);
      return failure.get();
    });
  }

  /** Stops every fault set by {@link #failOn}. */
  public void healed() {
    faults.clear();
  }

  private void count(String operation) {
    calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    Runnable action = actions.get(operation);
    if (action != null) {
      action.run();
    }
    java.util.function.Supplier<RuntimeException> fault = faults.get(operation);
    if (fault != null) {
      throw fault.get();
    }
  }

  private final java.util.concurrent.atomic.AtomicReference<Hold> loadGate =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Makes the next {@code load} (only that one) read the record, then wait at {@code hold}: a request that
   * read a session before a racing request changed it.
   */
  public void holdNextLoad(Hold hold) {
    loadGate.set(hold);
  }

  @Override
  public Optional<SessionRecord> load(String key) {
    count("load");
    Optional<SessionRecord> record = delegate.load(key);
    Hold hold = loadGate.getAndSet(null);
    if (hold != null) {
      hold.here();
    }
    return record;
  }

  @Override
  public void create(SessionRecord record) {
    count("create");
    delegate.create(record);
  }

  @Override
  public boolean save(String key, SessionDelta delta) {
    count("save");
    return delegate.save(key, delta);
  }

  @Override
  public boolean changeKey(String oldKey, String newKey) {
    count("changeKey");
    return delegate.changeKey(oldKey, newKey);
  }

  @Override
  public boolean changeKey(String oldKey, String newKey, Instant changedAt) {
    count("changeKey");
    return delegate.changeKey(oldKey, newKey, changedAt);
  }

  @Override
  public Optional<String> movedTo(String oldKey) {
    count("movedTo");
    return delegate.movedTo(oldKey);
  }

  @Override
  public boolean delete(String key) {
    count("delete");
    return delegate.delete(key);
  }

  @Override
  public List<SessionRecord> findByPrincipal(String principal, Instant now) {
    count("findByPrincipal");
    return delegate.findByPrincipal(principal, now);
  }

  @Override
  public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) {
    count("deleteByPrincipal");
    return delegate.deleteByPrincipal(principal, keepKey);
  }

  @Override
  public List<SessionRecord> removeExpired(Instant now, int max) {
    count("removeExpired");
    return delegate.removeExpired(now, max);
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public void close() {
    Runnable action = actions.get("close");
    if (action != null) {
      action.run();
    }
    delegate.close();
  }
}

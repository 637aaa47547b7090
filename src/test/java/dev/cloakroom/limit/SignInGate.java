package dev.cloakroom.limit;

import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A repository that, while armed, holds each {@code findByPrincipal} until {@code parties} of them have
 * arrived, and its answer until all of them have listed (each wait at most ten seconds): every racing
 * sign-in has written its authentication before any lists the user's sessions, and all act on the same
 * list, the race at its worst. Later lists and everything else go straight through.
 */
final class SignInGate implements SessionRepository {

  private final SessionRepository delegate;
  private volatile CountDownLatch arrivals;
  private volatile CountDownLatch listed;

  SignInGate(SessionRepository delegate) {
    this.delegate = delegate;
  }

  /** Holds the next {@code parties} lists until they have all arrived. */
  void arm(int parties) {
    listed = new CountDownLatch(parties);
    arrivals = new CountDownLatch(parties);
  }

  void disarm() {
    arrivals = null;
    listed = null;
  }

  @Override
  public List<SessionRecord> findByPrincipal(String principal, Instant now) {
    CountDownLatch before = arrivals;
    CountDownLatch after = listed;
    pass(before);
    List<SessionRecord> records = delegate.findByPrincipal(principal, now);
    pass(after);
    return records;
  }

  private static void pass(CountDownLatch gate) {
    if (gate == null) {
      return;
    }
    gate.countDown();
    try {
      if (!gate.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the racing sign-ins did not all arrive");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Optional<SessionRecord> load(String key) {
    return delegate.load(key);
  }

  @Override
  public void create(SessionRecord record) {
    delegate.create(record);
  }

  @Override
  public boolean save(String key, SessionDelta delta) {
    return delegate.save(key, delta);
  }

  @Override
  public boolean changeKey(String oldKey, String newKey) {
    return delegate.changeKey(oldKey, newKey);
  }

  @Override
  public boolean changeKey(String oldKey, String newKey, java.time.Instant changedAt) {
    return delegate.changeKey(oldKey, newKey, changedAt);
  }

  @Override
  public Optional<String> movedTo(String oldKey) {
    return delegate.movedTo(oldKey);
  }

  @Override
  public boolean delete(String key) {
    return delegate.delete(key);
  }

  @Override
  public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) {
    return delegate.deleteByPrincipal(principal, keepKey);
  }

  @Override
  public List<SessionRecord> removeExpired(Instant now, int max) {
    return delegate.removeExpired(now, max);
  }

  @Override
  public void close() {
    delegate.close();
  }
}

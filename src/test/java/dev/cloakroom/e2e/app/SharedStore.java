package dev.cloakroom.e2e.app;

import dev.cloakroom.Settings;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.StoreFactory;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;

/**
 * A {@code store} for web.xml deployments whose store calls a test counts: a memory store behind a
 * {@link CountingRepository}, readable through {@link #last()}. Never copied into a webapp, so the
 * webapp's class loader delegates it to the test's and the test sees the instance the filter opened.
 *
 * <p>Thread-safe.
 */
public final class SharedStore implements StoreFactory {

  private static volatile CountingRepository last;

  /** The store the last filter to start opened. */
  public static CountingRepository last() {
    return last;
  }

  @Override
  public SessionRepository open(Settings settings) {
    CountingRepository store = new CountingRepository(new MemoryRepository(1000));
    last = store;
    return store;
  }
}

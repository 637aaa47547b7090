package dev.cloakroom.e2e;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Servers (or anything closeable that holds one) that a test class starts at most once per key, such as a
 * {@link AppServer.Kind}, and shares between its tests. Hold it in a static field marked
 * {@code @AutoClose}: JUnit closes every one after the class. Thread-safe.
 *
 * @param <V> what is started
 */
public final class StartedOnce<V extends AutoCloseable> implements AutoCloseable {

  private final Map<Object, V> started = new ConcurrentHashMap<>();

  /** The one started under {@code key}, started by {@code start} the first time it is asked for. */
  public V get(Object key, Callable<V> start) {
    return started.computeIfAbsent(key, k -> {
      try {
        return start.call();
      } catch (Exception e) {
        throw new IllegalStateException(k + " did not start", e);
      }
    });
  }

  /** Closes every one started so far, then forgets them. */
  @Override
  public void close() throws Exception {
    Exception first = null;
    for (V v : started.values()) {
      try {
        v.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    started.clear();
    if (first != null) {
      throw first;
    }
  }
}

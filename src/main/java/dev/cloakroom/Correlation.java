package dev.cloakroom;

import org.slf4j.MDC;

/**
 * The session's {@code idTag} in the SLF4J MDC (key {@value #KEY}), on exactly the threads that run the
 * request: each dispatch through the filter (request, forward, include, error, async), each runnable
 * given to {@code AsyncContext.start}, the commit of {@code AsyncContext.complete()} and of the async
 * listeners. Such a thread opens a {@link Scope}; while it is open the MDC follows the session (set when
 * it is found or made, changed with its id); closing it gives the thread back its MDC as it was before,
 * so nothing of the request stays on a pooled thread, whether the work returned or threw.
 *
 * <p>A thread of the app's own (an executor the app hands async work to) has no scope: the MDC is never
 * touched there, since nothing would take the tag off again.
 */
final class Correlation {

  /** The MDC key. */
  static final String KEY = "idTag";

  private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

  private Correlation() {}

  /** What a scope follows: the request's {@link Exchange}. */
  interface Source {
    /** The tag of the session's id now, or null when there is none. */
    String idTagNow();
  }

  /** Opens a scope for {@code exchange} on this thread, the MDC set to its session's tag (or none). */
  static Scope open(Source exchange) {
    Scope scope = new Scope(exchange, CURRENT.get(), MDC.get(KEY));
    CURRENT.set(scope);
    put(exchange.idTagNow());
    return scope;
  }

  /** The session of {@code exchange} now has {@code idTag} (null: none): the MDC follows, where in scope. */
  static void changed(Source exchange, String idTag) {
    Scope scope = CURRENT.get();
    if (scope != null && scope.exchange == exchange) {
      put(idTag);
    }
  }

  /** {@code runnable} run inside a scope of {@code exchange}, for {@code AsyncContext.start}. */
  static Runnable wrap(Source exchange, Runnable runnable) {
    return () -> {
      Scope scope = open(exchange);
      try {
        runnable.run();
      } finally {
        scope.close();
      }
    };
  }

  private static void put(String idTag) {
    if (idTag == null) {
      MDC.remove(KEY);
    } else {
      MDC.put(KEY, idTag);
    }
  }

  /**
   * One thread's stretch of work for a request. Not thread-safe: closed on the thread that opened it.
   *
   * @param exchange whose session the MDC follows
   * @param outer    the scope this one opened inside (a forward or include), or null
   * @param before   the thread's MDC value before the outermost scope opened
   */
  record Scope(Source exchange, Scope outer, String before) implements AutoCloseable {
    /**
     * Ends the scope: an enclosing scope on this thread (a forward or include returning) gets the tag of
     * its session as it is now; the outermost one gives the thread back the MDC value it had before.
     */
    @Override
    public void close() {
      if (outer == null) {
        CURRENT.remove();
        put(before);
      } else {
        CURRENT.set(outer);
        put(outer.exchange.idTagNow());
      }
    }
  }
}

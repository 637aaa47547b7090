package dev.cloakroom.event;

import dev.cloakroom.store.Breaker;
import dev.cloakroom.store.SessionRepository;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter's metrics since it started: a counter per {@link SessionEvent}, a timing per store
 * operation and outcome, the size of written sessions, and two gauges read from the store (its circuit
 * breaker's state, the sessions it holds). Read them here in code, over JMX
 * ({@link SessionMetricsMXBean}), or through Micrometer ({@code dev.cloakroom.metrics.CloakroomMeterBinder}).
 *
 * <p>No value here ever holds a session id, a client address or a principal. Thread-safe; recording
 * costs a few atomic additions and allocates nothing.
 *
 * @since 0.1
 */
public final class SessionMetrics implements SessionMetricsMXBean {

  private static final Logger log = LoggerFactory.getLogger(SessionMetrics.class);

  /**
   * A {@link SessionRepository} operation, as the store timings name it ({@link #word()}: the method's
   * name).
   *
   * @since 0.2
   */
  public enum Operation {
    /** {@link SessionRepository#load}. */
    LOAD,
    /** {@link SessionRepository#create}. */
    CREATE,
    /** {@link SessionRepository#save}. */
    SAVE,
    /** {@link SessionRepository#changeKey}. */
    CHANGE_KEY,
    /** {@link SessionRepository#movedTo}. */
    MOVED_TO,
    /** {@link SessionRepository#delete}. */
    DELETE,
    /** {@link SessionRepository#findByPrincipal}. */
    FIND_BY_PRINCIPAL,
    /** {@link SessionRepository#deleteByPrincipal}. */
    DELETE_BY_PRINCIPAL,
    /** {@link SessionRepository#removeExpired} (the sweeper). */
    REMOVE_EXPIRED;

    private final String word = Pattern.compile("_(.)").matcher(name().toLowerCase(Locale.ROOT))
        .replaceAll(m -> m.group(1).toUpperCase(Locale.ROOT));

    /** The operation's name in metric tags and JMX keys: the method's name ({@code changeKey}). */
    public String word() {
      return word;
    }
  }

  /**
   * How a store call ended.
   *
   * @since 0.2
   */
  public enum Outcome {
    /** It returned. */
    SUCCESS,
    /**
     * It threw {@link dev.cloakroom.store.StoreUnavailableException}: the store could not be reached,
     * or its circuit breaker was open and the call failed at once.
     */
    UNAVAILABLE,
    /** It threw anything else. */
    ERROR;

    /** The outcome's name in metric tags and JMX keys: {@code success}, {@code unavailable}, {@code error}. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Sees each store call and each session size as it is recorded, for a metrics library that keeps
   * its own timers and distributions (as {@code CloakroomMeterBinder} does for Micrometer). Called on
   * the request's thread: it must be quick and must not block; what it throws is logged and ignored.
   *
   * @since 0.2
   */
  public interface Observer {
    /** A store call took {@code nanos} and ended with {@code outcome}. */
    default void storeCall(Operation operation, Outcome outcome, long nanos) {}

    /** A session of {@code bytes} encoded attribute bytes was written. */
    default void sessionSize(long bytes) {}
  }

  /**
   * Totals of one timing or size series since the filter started.
   *
   * @param count how many were recorded
   * @param total their sum (nanoseconds for timings, bytes for sizes)
   * @param max   the largest one, 0 when none
   * @since 0.2
   */
  public record Totals(long count, long total, long max) {}

  /** One series: count, sum, max. */
  private static final class Series {
    final LongAdder count = new LongAdder();
    final LongAdder total = new LongAdder();
    final AtomicLong max = new AtomicLong();

    void add(long value) {
      count.increment();
      total.add(value);
      if (value > max.get()) {
        max.accumulateAndGet(value, Math::max);
      }
    }

    Totals totals() {
      return new Totals(count.sum(), total.sum(), max.get());
    }
  }

  private final Map<SessionEvent, LongAdder> counters = new EnumMap<>(SessionEvent.class);
  private final Series[][] storeCalls = new Series[Operation.values().length][Outcome.values().length];
  private final Series sizes = new Series();
  private final CopyOnWriteArrayList<Observer> observers = new CopyOnWriteArrayList<>();
  private volatile SessionRepository store;

  /** Counters at zero, no store watched. */
  public SessionMetrics() {
    for (SessionEvent e : SessionEvent.values()) {
      counters.put(e, new LongAdder());
    }
    for (Series[] byOutcome : storeCalls) {
      for (int i = 0; i < byOutcome.length; i++) {
        byOutcome[i] = new Series();
      }
    }
  }

  /** Counts one event. */
  public void record(SessionEvent event) {
    counters.get(event).increment();
  }

  /** The count of {@code event} so far. */
  public long count(SessionEvent event) {
    return counters.get(event).sum();
  }

  /**
   * Records one store call.
   *
   * @param nanos how long it took, in nanoseconds; a negative value counts as 0
   * @since 0.2
   */
  public void recordStoreCall(Operation operation, Outcome outcome, long nanos) {
    long n = Math.max(0, nanos);
    storeCalls[operation.ordinal()][outcome.ordinal()].add(n);
    for (Observer o : observers) {
      try {
        o.storeCall(operation, outcome, n);
      } catch (RuntimeException e) {
        log.debug("metrics observer failed reason={}", e.toString());
      }
    }
  }

  /**
   * Records the size of a session just written: the sum of its encoded attribute values.
   *
   * @since 0.2
   */
  public void recordSessionSize(long bytes) {
    long b = Math.max(0, bytes);
    sizes.add(b);
    for (Observer o : observers) {
      try {
        o.sessionSize(b);
      } catch (RuntimeException e) {
        log.debug("metrics observer failed reason={}", e.toString());
      }
    }
  }

  /**
   * The timings of {@code operation} calls that ended with {@code outcome}; totals in nanoseconds.
   *
   * @since 0.2
   */
  public Totals storeCalls(Operation operation, Outcome outcome) {
    return storeCalls[operation.ordinal()][outcome.ordinal()].totals();
  }

  /**
   * The sizes recorded by {@link #recordSessionSize}; totals in bytes.
   *
   * @since 0.2
   */
  public Totals sessionSizes() {
    return sizes.totals();
  }

  /**
   * Adds an observer of store calls and session sizes recorded from now on.
   *
   * @since 0.2
   */
  public void addObserver(Observer observer) {
    observers.add(java.util.Objects.requireNonNull(observer, "observer"));
  }

  /**
   * Removes an observer added by {@link #addObserver}.
   *
   * @since 0.2
   */
  public void removeObserver(Observer observer) {
    observers.remove(observer);
  }

  /**
   * The store the gauges read ({@link #breakerState()}, {@link #activeSessions()}); the filter sets it
   * when it opens the store.
   *
   * @param repository the store as opened (its {@link Breaker}, if it has one); null for none
   * @since 0.2
   */
  public void watch(SessionRepository repository) {
    this.store = repository;
  }

  /**
   * The state of the store's circuit breaker, or null when the store has none (the memory store, a
   * store given in code without one) or no store is watched yet.
   *
   * @since 0.2
   */
  public Breaker.State breakerState() {
    return store instanceof Breaker b ? b.state() : null;
  }

  /**
   * How many sessions the store holds, where it can tell cheaply ({@link SessionRepository#size()}):
   * the memory store its map's size, Redis from its expiry schedule; -1 when the store cannot tell (the
   * JDBC store), no store is watched yet, its breaker is open, or asking it failed. Asks the store on
   * every call: read it when a metrics scrape does, not per request.
   *
   * @since 0.2
   */
  public long activeSessions() {
    SessionRepository s = store;
    if (s == null || breakerState() == Breaker.State.OPEN) {
      return -1;
    }
    try {
      return s.size();
    } catch (RuntimeException e) {
      log.debug("active sessions not counted reason={}", e.toString());
      return -1;
    }
  }

  @Override
  public Map<String, Long> getCounts() {
    Map<String, Long> out = new LinkedHashMap<>();
    counters.forEach((k, v) -> out.put(k.word(), v.sum()));
    return out;
  }

  @Override
  public Map<String, Long> getStoreOperations() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Operation op : Operation.values()) {
      for (Outcome outcome : Outcome.values()) {
        put(out, op.word() + "." + outcome.word() + ".", storeCalls(op, outcome), "Nanos");
      }
    }
    return out;
  }

  @Override
  public Map<String, Long> getSessionSize() {
    return put(new LinkedHashMap<>(), "", sessionSizes(), "Bytes");
  }

  /** Puts {@code t} into {@code out} as {@code <prefix>count}, {@code <prefix>total<unit>}, {@code <prefix>max<unit>}. */
  private static Map<String, Long> put(Map<String, Long> out, String prefix, Totals t, String unit) {
    out.put(prefix + "count", t.count());
    out.put(prefix + "total" + unit, t.total());
    out.put(prefix + "max" + unit, t.max());
    return out;
  }

  @Override
  public String getBreakerState() {
    Breaker.State state = breakerState();
    return state == null ? "none" : state.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public long getActiveSessions() {
    return activeSessions();
  }
}

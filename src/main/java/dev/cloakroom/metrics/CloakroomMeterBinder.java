package dev.cloakroom.metrics;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.event.SessionMetrics;
import dev.cloakroom.store.Breaker;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Binds a filter's {@link SessionMetrics} to a Micrometer registry. Meters (Micrometer's naming; tags
 * never hold ids, addresses or principals, so every meter has a few series only):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code cloakroom.sessions.created}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code cloakroom.sessions.expired}</td><td>counter</td><td>{@code reason=idle|absolute}</td></tr>
 *   <tr><td>{@code cloakroom.sessions.invalidated}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code cloakroom.sessions.evicted}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code cloakroom.sessions.id.changes}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code cloakroom.sessions.rejected}</td><td>counter</td>
 *       <td>{@code reason=malformed|bad-signature|unknown|expired}</td></tr>
 *   <tr><td>{@code cloakroom.sessions.limit}</td><td>counter</td><td>{@code result=ended|refused}</td></tr>
 *   <tr><td>{@code cloakroom.attributes.dropped}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code cloakroom.store.errors}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code cloakroom.anomalies}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code cloakroom.sessions.client.changes}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code cloakroom.store.operations}</td><td>timer</td>
 *       <td>{@code operation=load|create|save|changeKey|movedTo|delete|findByPrincipal|deleteByPrincipal|removeExpired},
 *       {@code outcome=success|unavailable|error}</td></tr>
 *   <tr><td>{@code cloakroom.session.size}</td><td>distribution summary, bytes</td><td></td></tr>
 *   <tr><td>{@code cloakroom.sessions.active}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code cloakroom.store.breaker.state}</td><td>gauge, 1 for the current state</td>
 *       <td>{@code state=closed|open|half-open}</td></tr>
 * </table>
 *
 * <p>Counters read the filter's own totals (counting from the filter's start, as JMX shows them); the
 * timer and the distribution summary are Micrometer's own, fed from the moment of binding, so the app's
 * {@code MeterFilter}s (percentiles, histograms) apply to them. Every operation and outcome has its
 * timer from the moment of binding (zero until called). The active-sessions gauge asks the store on
 * every scrape and is NaN where the store cannot count cheaply (JDBC); the breaker gauges are all 0 for
 * a store without a breaker.
 *
 * <p>Only an app that uses this class (or sets {@code micrometer=global}) loads Micrometer. Usage:
 * {@code new CloakroomMeterBinder(filter.metrics()).bindTo(registry)}. {@link #close()} removes the
 * meters again, for an app that stops the filter before its registry. Thread-safe.
 *
 * @since 0.2
 */
public final class CloakroomMeterBinder implements MeterBinder, AutoCloseable {

  private static final SessionMetrics.Operation[] OPERATIONS = SessionMetrics.Operation.values();
  private static final SessionMetrics.Outcome[] OUTCOMES = SessionMetrics.Outcome.values();

  private final SessionMetrics metrics;
  private final Tags tags;
  private final List<Binding> bindings = new ArrayList<>();

  /**
   * @param metrics the filter's metrics ({@code SessionFilter.metrics()}); not null
   * @param tags    tag keys and values added to every meter, in pairs (such as {@code "app", "shop"}),
   *                for two filters in one registry; never an id, an address or a principal
   */
  public CloakroomMeterBinder(SessionMetrics metrics, String... tags) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.tags = Tags.of(tags);
  }

  /** Registers every meter with {@code registry}; may be called for several registries. */
  @Override
  public void bindTo(MeterRegistry registry) {
    Binding binding = new Binding(registry);
    for (SessionEvent event : SessionEvent.values()) {
      Name n = name(event);
      binding.add(FunctionCounter.builder(n.name, metrics, m -> m.count(event))
          .description(n.description)
          .tags(tags).tags(n.tags)
          .register(registry));
    }
    binding.add(Gauge.builder("cloakroom.sessions.active", metrics, CloakroomMeterBinder::active)
        .description("Sessions the store holds, where it can count them cheaply (memory, Redis)")
        .tags(tags)
        .register(registry));
    for (Breaker.State state : Breaker.State.values()) {
      binding.add(Gauge.builder("cloakroom.store.breaker.state", metrics, m -> m.breakerState() == state ? 1 : 0)
          .description("1 for the state the store's circuit breaker is in, 0 for the others")
          .tags(tags).tag("state", state.name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .register(registry));
    }
    metrics.addObserver(binding);
    synchronized (bindings) {
      bindings.add(binding);
    }
  }

  /** Stops feeding the timers and removes every meter this binder registered, from every registry. */
  @Override
  public void close() {
    List<Binding> all;
    synchronized (bindings) {
      all = List.copyOf(bindings);
      bindings.clear();
    }
    for (Binding b : all) {
      metrics.removeObserver(b);
      b.removeMeters();
    }
  }

  private static double active(SessionMetrics m) {
    long n = m.activeSessions();
    return n < 0 ? Double.NaN : n;
  }

  /** A meter name, its description and tags. */
  private record Name(String name, String description, Tags tags) {
    Name(String name, String description) {
      this(name, description, Tags.empty());
    }
  }

  /**
   * The meter of each event. No {@code default}: a new {@link SessionEvent} does not compile until it
   * has a name here (and a row in the table above and in the README).
   */
  private static Name name(SessionEvent event) {
    String rejected = "Requests whose session id was rejected: an absent session";
    return switch (event) {
      case CREATED -> new Name("cloakroom.sessions.created", "Sessions created");
      case ID_CHANGED -> new Name("cloakroom.sessions.id.changes", "Session id changes (changeSessionId, sign-in, renewal)");
      case EXPIRED_IDLE -> new Name("cloakroom.sessions.expired", "Sessions ended by a timeout", Tags.of("reason", "idle"));
      case EXPIRED_ABSOLUTE -> new Name("cloakroom.sessions.expired", "Sessions ended by a timeout", Tags.of("reason", "absolute"));
      case EVICTED -> new Name("cloakroom.sessions.evicted", "Anonymous sessions evicted from a full memory store");
      case INVALIDATED -> new Name("cloakroom.sessions.invalidated", "Sessions invalidated (invalidate, logout, revoke)");
      case REJECTED_MALFORMED -> new Name("cloakroom.sessions.rejected", rejected, Tags.of("reason", "malformed"));
      case REJECTED_BAD_SIGNATURE -> new Name("cloakroom.sessions.rejected", rejected, Tags.of("reason", "bad-signature"));
      case REJECTED_UNKNOWN -> new Name("cloakroom.sessions.rejected", rejected, Tags.of("reason", "unknown"));
      case REJECTED_EXPIRED -> new Name("cloakroom.sessions.rejected", rejected, Tags.of("reason", "expired"));
      case LIMIT_ENDED -> new Name("cloakroom.sessions.limit", "Sign-ins over maxSessionsPerUser", Tags.of("result", "ended"));
      case LIMIT_REFUSED -> new Name("cloakroom.sessions.limit", "Sign-ins over maxSessionsPerUser", Tags.of("result", "refused"));
      case ATTRIBUTE_DROPPED -> new Name("cloakroom.attributes.dropped", "Stored attributes that no longer decoded and were dropped");
      case STORE_ERROR -> new Name("cloakroom.store.errors", "Requests and sweeps that a store failure ended");
      case ANOMALY -> new Name("cloakroom.anomalies", "Client addresses over an anomaly threshold, once per address and minute");
      case CLIENT_CHANGED -> new Name("cloakroom.sessions.client.changes",
          "Requests on a signed-in session from a client whose fingerprint differs from the sign-in one");
    };
  }

  /** The meters of one registry, and the observer that feeds its timers and summary. */
  private final class Binding implements SessionMetrics.Observer {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    /**
     * One timer per operation and outcome, all registered here: a store call that races with
     * {@link #close()} then only records into a removed timer, and never registers one after the
     * meters were removed.
     */
    private final Timer[] timers = new Timer[OPERATIONS.length * OUTCOMES.length];
    private final DistributionSummary size;

    Binding(MeterRegistry registry) {
      this.registry = registry;
      this.size = DistributionSummary.builder("cloakroom.session.size")
          .description("Encoded attribute bytes of a session, each time a request writes its attributes")
          .baseUnit("bytes")
          .tags(tags)
          .register(registry);
      add(size);
      for (SessionMetrics.Operation operation : OPERATIONS) {
        for (SessionMetrics.Outcome outcome : OUTCOMES) {
          Timer timer = Timer.builder("cloakroom.store.operations")
              .description("Calls to the session store")
              .tags(tags).tag("operation", operation.word()).tag("outcome", outcome.word())
              .register(registry);
          timers[index(operation, outcome)] = timer;
          add(timer);
        }
      }
    }

    private static int index(SessionMetrics.Operation operation, SessionMetrics.Outcome outcome) {
      return operation.ordinal() * OUTCOMES.length + outcome.ordinal();
    }

    void add(Meter meter) {
      synchronized (meters) {
        meters.add(meter);
      }
    }

    void removeMeters() {
      synchronized (meters) {
        meters.forEach(registry::remove);
        meters.clear();
      }
    }

    @Override
    public void storeCall(SessionMetrics.Operation operation, SessionMetrics.Outcome outcome, long nanos) {
      timers[index(operation, outcome)].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void sessionSize(long bytes) {
      size.record(bytes);
    }
  }
}

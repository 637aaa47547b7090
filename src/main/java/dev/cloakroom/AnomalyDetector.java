package dev.cloakroom;

import dev.cloakroom.event.AnomalyListener;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.event.SessionMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, per client address, the rejected session ids and the sessions created in a one-minute window
 * that starts at the address's first counted event; the first time a count goes over its threshold in a
 * window, logs one WARN (the address and the counts, never an id), counts {@link SessionEvent#ANOMALY}
 * and tells the {@link AnomalyListener}.
 *
 * <p>Bounded: at most {@code capacity} addresses are held. A new address when the table is full takes
 * the place of the lightest of {@value #SAMPLE} entries picked at random, an entry whose window has
 * ended weighing nothing. So a flood of distinct addresses, each seen once, keeps replacing one-event
 * entries, while an address that keeps coming has a heavier count and stays, and is still caught. Each
 * event costs a few hash-map operations under one lock and allocates nothing but the map entry of a new
 * address.
 *
 * <p>IPv6 addresses are counted by their {@code /64} network, the block one subscriber usually holds:
 * otherwise a client could give each request an address of its own.
 *
 * <p>Thread-safe.
 */
final class AnomalyDetector {

  /** Most addresses held, by default. */
  static final int CAPACITY = 4096;
  /** The window each address's counts cover. */
  static final Duration WINDOW = Duration.ofMinutes(1);
  /** Entries weighed to find the one a new address replaces when the table is full. */
  static final int SAMPLE = 8;
  /** Longest address kept (a container may hand over something that is not an IP literal). */
  private static final int MAX_ADDRESS_CHARS = 64;

  private static final Logger log = LoggerFactory.getLogger(AnomalyDetector.class);

  /** A detector that watches nothing. */
  static final AnomalyDetector OFF = new AnomalyDetector(0, 0, 1, null, new SessionMetrics());

  private static final class Entry {
    String address;
    long windowEndMillis;
    int rejected;
    int created;
    boolean reported;
  }

  private final int rejectedLimit;
  private final int createdLimit;
  private final AnomalyListener listener;
  private final SessionMetrics metrics;
  private final Entry[] entries;
  private final Map<String, Entry> index;
  private final SplittableRandom random = new SplittableRandom();
  private int size;

  /**
   * @param rejectedLimit most rejected ids per address and window without a report; 0 watches none
   * @param createdLimit  most sessions created per address and window without a report; 0 watches none
   * @param capacity      most addresses held
   * @param listener      told of each report; null for none
   * @param metrics       where reports are counted
   */
  AnomalyDetector(int rejectedLimit, int createdLimit, int capacity, AnomalyListener listener,
      SessionMetrics metrics) {
    this.rejectedLimit = rejectedLimit;
    this.createdLimit = createdLimit;
    this.listener = listener;
    this.metrics = metrics;
    this.entries = new Entry[capacity];
    this.index = new HashMap<>(capacity * 4 / 3 + 1);
  }

  /** Whether {@code event} is counted: a rejected id or a new session, with its threshold set. */
  boolean watches(SessionEvent event) {
    return switch (event) {
      case REJECTED_MALFORMED, REJECTED_BAD_SIGNATURE, REJECTED_UNKNOWN -> rejectedLimit > 0;
      case CREATED -> createdLimit > 0;
      default -> false;
    };
  }

  /** Counts {@code event} ({@link #watches} it) for {@code clientAddress} at {@code now}. */
  void seen(String clientAddress, SessionEvent event, Instant now) {
    if (clientAddress == null || !watches(event)) {
      return;
    }
    boolean rejection = event != SessionEvent.CREATED;
    String address = key(clientAddress);
    long nowMillis = now.toEpochMilli();
    AnomalyListener.Anomaly report = null;
    synchronized (this) {
      Entry e = index.get(address);
      if (e == null) {
        e = place(address, nowMillis);
      } else if (nowMillis >= e.windowEndMillis) {
        start(e, nowMillis);
      }
      if (rejection) {
        e.rejected = saturated(e.rejected);
      } else {
        e.created = saturated(e.created);
      }
      boolean over = rejectedLimit > 0 && e.rejected > rejectedLimit || createdLimit > 0 && e.created > createdLimit;
      if (over && !e.reported) {
        e.reported = true;
        report = new AnomalyListener.Anomaly(address, e.rejected, e.created, WINDOW, now);
      }
    }
    if (report != null) {
      report(report);
    }
  }

  private void report(AnomalyListener.Anomaly a) {
    metrics.record(SessionEvent.ANOMALY);
    log.warn("session anomaly address={} rejected={} created={} window=1m", a.address(), a.rejected(), a.created());
    if (listener == null) {
      return;
    }
    try {
      listener.anomaly(a);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) { // the listener's failure is the app's, never the request's
      log.warn("anomaly listener failed class={} reason={}", listener.getClass().getName(), e.toString());
    }
  }

  /** An entry for a new address: a free one, else the lightest of a random sample. */
  private Entry place(String address, long nowMillis) {
    Entry e;
    if (size < entries.length) {
      e = new Entry();
      entries[size++] = e;
    } else {
      e = entries[random.nextInt(entries.length)];
      for (int i = 1; i < SAMPLE && weight(e, nowMillis) > 0; i++) {
        Entry other = entries[random.nextInt(entries.length)];
        if (weight(other, nowMillis) < weight(e, nowMillis)) {
          e = other;
        }
      }
      index.remove(e.address);
    }
    e.address = address;
    start(e, nowMillis);
    index.put(address, e);
    return e;
  }

  private static long weight(Entry e, long nowMillis) {
    return nowMillis >= e.windowEndMillis ? 0 : (long) e.rejected + e.created;
  }

  private static void start(Entry e, long nowMillis) {
    e.windowEndMillis = nowMillis + WINDOW.toMillis();
    e.rejected = 0;
    e.created = 0;
    e.reported = false;
  }

  private static int saturated(int n) {
    return n == Integer.MAX_VALUE ? n : n + 1;
  }

  /** How many addresses are held now. */
  synchronized int size() {
    return index.size();
  }

  /**
   * What an address is counted under: an IPv4 address as it is; an IPv6 address (in the full
   * eight-group form {@link ProxyMatcher#clientAddress} gives) as its {@code /64} network; anything else
   * cut to {@value #MAX_ADDRESS_CHARS} characters.
   */
  static String key(String address) {
    int colons = 0;
    int fourth = -1;
    for (int i = 0; i < address.length(); i++) {
      if (address.charAt(i) == ':' && ++colons == 4) {
        fourth = i;
      }
    }
    if (colons == 7 && address.indexOf("::") < 0) {
      return address.substring(0, fourth) + "::/64";
    }
    return address.length() > MAX_ADDRESS_CHARS ? address.substring(0, MAX_ADDRESS_CHARS) : address;
  }
}

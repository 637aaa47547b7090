package dev.cloakroom.store.memory;

import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: sessions in this JVM's heap, for one node. It holds records as they are given:
 * with live attribute objects ({@link dev.cloakroom.store.LiveAttributes}, the filter's default for this
 * store) or with encoded ones ({@code memoryEncoding}); either way nothing is encoded here.
 *
 * <p>Bounded: at most {@code maxSessions} records. A full store degrades rather than locking anyone
 * out: {@link #create} makes room by evicting the least recently used session that has no principal
 * (or one already expired), and tells the {@linkplain #onEvicted eviction listener}. Only when every
 * session held is signed in (and none of the next {@value #SCAN_WHEN_SIGNED_IN} at the hand has
 * expired) does it refuse with {@link StoreUnavailableException} (the filter answers 503), so a flood of
 * anonymous sessions can never sign real users out. Expired records are also
 * removed by the filter's sweeper and on access.
 *
 * <p>Least recently used is approximate, as in Redis: a clock hand goes round the map and each eviction
 * looks at the next {@value #SAMPLE} candidates, taking the one whose last access is oldest. Last
 * access moves only when the filter writes it (at most once per {@code touchInterval}), so nothing is
 * recorded on a read. The hand is behind a lock taken only by a create that finds the store full, never
 * by {@link #load} or {@link #save}; it costs no memory per session.
 *
 * <p>Compact: a store key of the filter's form (43 characters of base64url, a SHA-256) is held as its
 * 32 bytes, and a record is held without its key, which {@link #load} puts back; a principal with one
 * session indexes it without a set. Measured at 100,000 sessions, the store holds about 230 bytes per
 * anonymous session with one attribute (docs/BENCHMARKS.md).
 *
 * <p>Thread-safe without a global lock on the hot path: {@link #load} is a plain map read, and every
 * change to one key ({@link #create}, {@link #save}, {@link #delete}, a sweep) is one atomic
 * {@link ConcurrentHashMap#compute} on that key that also updates the principal index, so the index
 * always matches the records key by key, and concurrent deltas on different attributes of one session
 * both land. The one operation spanning two keys, {@link #changeKey}, holds {@link #moving} shared;
 * the operations over all sessions of a principal hold it exclusive, so they never see a session
 * between its old and its new key (and "sign out my other devices" cannot miss one that is moving).
 *
 * @since 0.1
 */
public final class MemoryRepository implements SessionRepository {

  /** Candidates each eviction compares. */
  static final int SAMPLE = 16;
  /** Records one create looks at for an expired one when every record is signed in. */
  static final int SCAN_WHEN_SIGNED_IN = 256;

  private static final Logger log = LoggerFactory.getLogger(MemoryRepository.class);

  /** Most moved marks followed in one {@link #movedTo}: more id changes than any in-flight request spans. */
  private static final int MAX_HOPS = 16;

  /** Where a key moved to, and until when the mark is kept (the session's absolute deadline then). */
  private record Mark(String newKey, Instant until) {}

  private final int maxSessions;
  /** Records by {@link MapKey}, each without its key ({@link MapKey#STORED}): {@link #held} puts it back. */
  private final ConcurrentHashMap<Object, SessionRecord> records = new ConcurrentHashMap<>();
  /** Principal to the map key of its one session, or to a set of them when it has several. */
  private final ConcurrentHashMap<String, Object> byPrincipal = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  /** Records that have a principal: when they fill the store, nothing can be evicted. */
  private final AtomicInteger signedIn = new AtomicInteger();
  /** The eviction clock hand over {@link #records}; guarded by itself. */
  private final Object handLock = new Object();
  private Iterator<Map.Entry<Object, SessionRecord>> hand = Collections.emptyIterator();
  private volatile Consumer<SessionRecord> evictionListener;

  /** Moved marks: old key to the key a {@link #changeKey} moved it to, kept until the absolute deadline. */
  private final ConcurrentHashMap<String, Mark> moved = new ConcurrentHashMap<>();
  /** Locks of key changes by old key, so {@link #movedTo} never finds a session between its two keys. */
  private final Object[] stripes = new Object[64];
  /** Read lock: a key change in progress. Write lock: a principal-wide read or delete. */
  private final ReentrantReadWriteLock moving = new ReentrantReadWriteLock();

  /**
   * @param maxSessions most sessions held at once, at least 1
   */
  public MemoryRepository(int maxSessions) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
    }
    this.maxSessions = maxSessions;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
  }

  @Override
  public Optional<SessionRecord> load(String key) {
    SessionRecord r = records.get(MapKey.of(key));
    return r == null ? Optional.empty() : Optional.of(r.withKey(key));
  }

  /** The record held under {@code mapKey}, with its key put back. */
  private static SessionRecord held(Object mapKey, SessionRecord stored) {
    return stored.withKey(MapKey.text(mapKey));
  }

  /**
   * Sets who hears of each session evicted to make room: called once per evicted record, on the thread
   * that creates the new session, after the record left the store and outside any lock. The filter sets
   * it to tell the app's session listeners, as for an expiry. One listener; a later call replaces it.
   *
   * @param listener the listener, or null for none
   */
  public void onEvicted(Consumer<SessionRecord> listener) {
    this.evictionListener = listener;
  }

  /**
   * Stores a new session; when the store is full, first evicts the least recently used session without
   * a principal (see the class notes).
   *
   * @throws StoreUnavailableException if the store is full and every session in it is signed in
   */
  @Override
  public void create(SessionRecord record) {
    SessionRecord evicted = null;
    if (size.incrementAndGet() > maxSessions) {
      // the new record's creation time stands for now: this store reads no clock
      evicted = evictOne(record.createdAt());
      if (evicted == null) {
        size.decrementAndGet();
        throw new StoreUnavailableException("memory store is full of signed-in sessions (maxSessions="
            + maxSessions + ")");
      }
    }
    try {
      put(record);
    } catch (IllegalStateException inUse) {
      size.decrementAndGet();
      throw inUse;
    } finally {
      if (evicted != null) {
        tellEvicted(evicted);
      }
    }
  }

  /** Removes one evictable record, counted out of {@link #size}; null if none was found. */
  private SessionRecord evictOne(Instant now) {
    for (int attempt = 0; attempt < 4; attempt++) {
      // with an anonymous session in the store, go round once if need be to find it; a store full of
      // signed-in sessions holds only expired ones to evict: look at a short stretch per create, so a
      // flood of refused visitors costs little, while the hand still goes round and finds them in turn
      int limit = signedIn.get() >= maxSessions ? SCAN_WHEN_SIGNED_IN : records.size() + SAMPLE;
      Map.Entry<Object, SessionRecord> victim = pick(now, limit);
      if (victim == null) {
        return null;
      }
      // re-checked atomically: it may have signed in, or been used (and so touched) since it was seen
      Instant seen = victim.getValue().lastAccessedAt();
      SessionRecord r = removed(take(victim.getKey(),
          current -> evictable(current, now) && !current.lastAccessedAt().isAfter(seen)));
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /** The best of the next {@link #SAMPLE} evictable records at the hand, visiting {@code limit} at most. */
  private Map.Entry<Object, SessionRecord> pick(Instant now, int limit) {
    Map.Entry<Object, SessionRecord> best = null;
    int found = 0;
    synchronized (handLock) {
      for (int visited = 0; found < SAMPLE && visited < limit; visited++) {
        if (!hand.hasNext()) {
          hand = records.entrySet().iterator();
          if (!hand.hasNext()) {
            break;
          }
        }
        Map.Entry<Object, SessionRecord> e = hand.next();
        if (evictable(e.getValue(), now)) {
          found++;
          if (best == null || before(e.getValue(), best.getValue(), now)) {
            best = Map.entry(e.getKey(), e.getValue());
          }
        }
      }
    }
    return best;
  }

  private static boolean evictable(SessionRecord r, Instant now) {
    return r.principal() == null || r.isExpired(now);
  }

  /** Whether {@code a} goes before {@code b}: a dead session first, then the least recently used. */
  private static boolean before(SessionRecord a, SessionRecord b, Instant now) {
    boolean aDead = a.isExpired(now);
    if (aDead != b.isExpired(now)) {
      return aDead;
    }
    return a.lastAccessedAt().isBefore(b.lastAccessedAt());
  }

  private void tellEvicted(SessionRecord evicted) {
    Consumer<SessionRecord> listener = evictionListener;
    if (listener != null) {
      try {
        listener.accept(evicted);
      } catch (RuntimeException e) {
        log.warn("eviction listener failed reason={}", e.toString());
      }
    }
  }

  @Override
  public boolean save(String key, SessionDelta delta) {
    return records.computeIfPresent(MapKey.of(key), (k, before) -> {
      SessionRecord after = before.apply(delta);
      if (!Objects.equals(before.principal(), after.principal())) {
        unindex(before.principal(), k);
        index(after.principal(), k);
      }
      return after;
    }) != null;
  }

  @Override
  public boolean changeKey(String oldKey, String newKey) {
    return changeKey(oldKey, newKey, null);
  }

  @Override
  public boolean changeKey(String oldKey, String newKey, Instant changedAt) {
    Lock lock = moving.readLock();
    lock.lock();
    try {
      synchronized (stripe(oldKey)) { // movedTo(oldKey) waits: it never sees the session half-moved
        return move(oldKey, newKey, changedAt);
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean move(String oldKey, String newKey, Instant changedAt) {
    SessionRecord r = take(MapKey.of(oldKey), any -> true);
    if (r == null) {
      return false;
    }
    try {
      put(r.withKey(newKey, changedAt));
    } catch (IllegalStateException inUse) {
      put(r); // the old key is ours alone (256 random bits): nothing can have taken it meanwhile
      throw inUse;
    }
    if (moved.size() >= maxSessions) {
      // bounded like the sessions: a mark dropped early only costs the write of a request under way
      var oldest = moved.keySet().iterator();
      if (oldest.hasNext()) {
        moved.remove(oldest.next());
      }
    }
    moved.put(oldKey, new Mark(newKey, r.absoluteStart().plus(r.absoluteTimeout())));
    return true; // the size is unchanged: one record left, one came
  }

  private Object stripe(String key) {
    return stripes[(key.hashCode() & 0x7fffffff) % stripes.length];
  }

  @Override
  public Optional<String> movedTo(String oldKey) {
    String key = oldKey;
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      Mark mark;
      synchronized (stripe(key)) {
        mark = moved.get(key);
      }
      if (mark == null) {
        break;
      }
      key = mark.newKey();
    }
    return key.equals(oldKey) ? Optional.empty() : Optional.of(key);
  }

  @Override
  public boolean delete(String key) {
    return removed(take(MapKey.of(key), any -> true)) != null;
  }

  @Override
  public List<SessionRecord> findByPrincipal(String principal, Instant now) {
    return eachOfPrincipal(principal, key -> {
      SessionRecord r = records.get(key);
      return r != null && principal.equals(r.principal()) && !r.isExpired(now) ? held(key, r) : null;
    });
  }

  @Override
  public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) {
    Object keep = keepKey == null ? null : MapKey.of(keepKey);
    // decided on the record as it is now, not as it was read: a concurrent touch must not save it
    return eachOfPrincipal(principal, key -> key.equals(keep) ? null
        : removed(take(key, current -> principal.equals(current.principal()))));
  }

  /**
   * The non-null results of {@code action} for each map key indexed under {@code principal}, with no
   * key change under way ({@link #moving} held exclusive), so none of its sessions is between keys.
   */
  private List<SessionRecord> eachOfPrincipal(String principal, Function<Object, SessionRecord> action) {
    Lock lock = moving.writeLock();
    lock.lock();
    try {
      List<SessionRecord> out = new ArrayList<>();
      for (Object key : keysOf(principal)) {
        SessionRecord r = action.apply(key);
        if (r != null) {
          out.add(r);
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<SessionRecord> removeExpired(Instant now, int max) {
    moved.values().removeIf(mark -> !now.isBefore(mark.until()));
    List<SessionRecord> out = new ArrayList<>();
    for (Map.Entry<Object, SessionRecord> seen : records.entrySet()) {
      if (out.size() >= max) {
        break;
      }
      if (seen.getValue().isExpired(now)) {
        // re-checked atomically: a touch since may have revived it; a rival sweeper may have taken it
        SessionRecord r = removed(take(seen.getKey(), current -> current.isExpired(now)));
        if (r != null) {
          out.add(r);
        }
      }
    }
    return out;
  }

  @Override
  public long size() {
    return size.get();
  }

  /** Stores {@code record} under its key and indexes it; throws if the key is in use. */
  private void put(SessionRecord record) {
    SessionRecord stored = record.withKey(MapKey.STORED);
    records.compute(MapKey.of(record.key()), (k, existing) -> {
      if (existing != null) {
        throw new IllegalStateException("store key already in use");
      }
      index(record.principal(), k);
      return stored;
    });
  }

  /**
   * Removes and unindexes the record under {@code key} if it matches {@code which}; null if none, else
   * the record with its key.
   */
  private SessionRecord take(Object key, Predicate<SessionRecord> which) {
    SessionRecord[] taken = new SessionRecord[1];
    records.computeIfPresent(key, (k, r) -> {
      if (!which.test(r)) {
        return r;
      }
      taken[0] = r;
      unindex(r.principal(), k);
      return null;
    });
    return taken[0] == null ? null : held(key, taken[0]);
  }

  /** Counts a record taken for good (not moved). */
  private SessionRecord removed(SessionRecord r) {
    if (r != null) {
      size.decrementAndGet();
    }
    return r;
  }

  /** The map keys indexed under {@code principal}, a copy. */
  private List<Object> keysOf(String principal) {
    Object keys = byPrincipal.get(principal);
    if (keys == null) {
      return List.of();
    }
    return keys instanceof Set<?> set ? List.copyOf(set) : List.of(keys);
  }

  // both under the principal's bin lock, so an add never lands in a set that unindex just dropped; a
  // principal's one key stands alone, a set comes only with the second
  private void index(String principal, Object key) {
    if (principal != null) {
      signedIn.incrementAndGet();
      byPrincipal.compute(principal, (p, keys) -> {
        if (keys == null) {
          return key;
        }
        Set<Object> out = keys instanceof Set<?> ? uncheckedSet(keys) : ConcurrentHashMap.newKeySet();
        if (!(keys instanceof Set<?>)) {
          out.add(keys);
        }
        out.add(key);
        return out;
      });
    }
  }

  private void unindex(String principal, Object key) {
    if (principal != null) {
      signedIn.decrementAndGet();
      byPrincipal.computeIfPresent(principal, (p, keys) -> {
        if (!(keys instanceof Set<?>)) {
          return keys.equals(key) ? null : keys;
        }
        Set<Object> set = uncheckedSet(keys);
        set.remove(key);
        return set.isEmpty() ? null : set.size() == 1 ? set.iterator().next() : set;
      });
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<Object> uncheckedSet(Object keys) {
    return (Set<Object>) keys;
  }
}

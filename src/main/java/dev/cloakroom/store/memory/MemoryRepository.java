package dev.cloakroom.store.memory;

import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default store: sessions in this JVM's heap, for one node.
 *
 * <p>Bounded: at most {@code maxSessions} records. When full, {@link #create} throws
 * {@link StoreUnavailableException} (the filter answers 503): existing sessions are never evicted to
 * make room, so a flood of anonymous sessions cannot sign real users out. Expired records are removed
 * by the filter's sweeper and on access, which frees room again.
 *
 * <p>Thread-safe: per-key atomic updates on a {@link ConcurrentHashMap}, so concurrent deltas on
 * different attributes of one session both land.
 *
 * @since 0.1
 */
public final class MemoryRepository implements SessionRepository {

  private final int maxSessions;
  private final ConcurrentHashMap<String, SessionRecord> records = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> byPrincipal = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  /**
   * @param maxSessions most sessions held at once, at least 1
   */
  public MemoryRepository(int maxSessions) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
    }
    this.maxSessions = maxSessions;
  }

  @Override
  public Optional<SessionRecord> load(String key) {
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public void create(SessionRecord record) {
    if (size.incrementAndGet() > maxSessions) {
      size.decrementAndGet();
      throw new StoreUnavailableException("memory store is full (maxSessions=" + maxSessions + ")");
    }
    if (records.putIfAbsent(record.key(), record) != null) {
      size.decrementAndGet();
      throw new IllegalStateException("store key already in use");
    }
    index(record.principal(), record.key());
  }

  @Override
  public boolean save(String key, SessionDelta delta) {
    SessionRecord[] before = new SessionRecord[1];
    SessionRecord after = records.computeIfPresent(key, (k, r) -> {
      before[0] = r;
      return r.apply(delta);
    });
    if (after == null) {
      return false;
    }
    if (!Objects.equals(before[0].principal(), after.principal())) {
      unindex(before[0].principal(), key);
      index(after.principal(), key);
    }
    return true;
  }

  @Override
  public boolean changeKey(String oldKey, String newKey) {
    SessionRecord r = records.remove(oldKey);
    if (r == null) {
      return false;
    }
    records.put(newKey, r.withKey(newKey));
    unindex(r.principal(), oldKey);
    index(r.principal(), newKey);
    return true;
  }

  @Override
  public boolean delete(String key) {
    SessionRecord r = records.remove(key);
    if (r == null) {
      return false;
    }
    size.decrementAndGet();
    unindex(r.principal(), key);
    return true;
  }

  @Override
  public List<SessionRecord> findByPrincipal(String principal, Instant now) {
    List<SessionRecord> out = new ArrayList<>();
    for (String key : byPrincipal.getOrDefault(principal, Set.of())) {
      SessionRecord r = records.get(key);
      if (r != null && principal.equals(r.principal()) && !r.isExpired(now)) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) {
    List<SessionRecord> out = new ArrayList<>();
    for (String key : List.copyOf(byPrincipal.getOrDefault(principal, Set.of()))) {
      if (key.equals(keepKey)) {
        continue;
      }
      SessionRecord r = records.get(key);
      if (r != null && principal.equals(r.principal()) && records.remove(key, r)) {
        size.decrementAndGet();
        unindex(principal, key);
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public List<SessionRecord> removeExpired(Instant now, int max) {
    List<SessionRecord> out = new ArrayList<>();
    for (SessionRecord r : records.values()) {
      if (out.size() >= max) {
        break;
      }
      if (r.isExpired(now) && records.remove(r.key(), r)) {
        size.decrementAndGet();
        unindex(r.principal(), r.key());
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public long size() {
    return size.get();
  }

  private void index(String principal, String key) {
    if (principal != null) {
      byPrincipal.computeIfAbsent(principal, p -> ConcurrentHashMap.newKeySet()).add(key);
    }
  }

  private void unindex(String principal, String key) {
    if (principal != null) {
      byPrincipal.computeIfPresent(principal, (p, keys) -> {
        keys.remove(key);
        return keys.isEmpty() ? null : keys;
      });
    }
  }
}

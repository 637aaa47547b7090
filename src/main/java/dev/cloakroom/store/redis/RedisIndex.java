package dev.cloakroom.store.redis;

import static dev.cloakroom.store.redis.RedisLink.string;
import static dev.cloakroom.store.redis.RedisRecords.number;
import static dev.cloakroom.store.redis.RedisRecords.utf8;

import dev.cloakroom.store.SessionRecord;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The principal index: {@link RedisKeys#BUCKETS} hashes, a principal's bucket by the hash of its name,
 * its field the principal, its value the store keys of its sessions, each with the session's absolute
 * deadline (authentication or creation time plus absolute timeout, epoch ms on the app's clock). The
 * deadline is an upper bound of the session's life that only re-authentication moves (and
 * re-authentication re-indexes), so a key past its deadline is surely dead: every script that reads or
 * writes a principal's entry drops those ({@code index-lib.lua}). Keys of sessions that died earlier
 * (idle timeout, delete elsewhere, another principal) are dropped when a read finds them missing, and by
 * {@link #sweepStep}, which walks the buckets a few at a time. A bucket lives in another slot than the
 * sessions, so its updates are separate commands, sent alongside the session's where possible.
 */
final class RedisIndex {

  /** Buckets read together, pipelined, by one sweep step at the most. */
  private static final int SWEEP_BUCKETS = 32;

  private final RedisLink link;
  private final RedisKeys keys;
  private final Clock clock;
  private final AtomicInteger sweepCursor = new AtomicInteger();

  RedisIndex(RedisLink link, RedisKeys keys, Clock clock) {
    this.link = link;
    this.keys = keys;
    this.clock = clock;
  }

  /** Adds {@code key} to {@code principal}'s index with {@code deadlineMillis}. */
  CompletableFuture<Long> add(String principal, String key, long deadlineMillis) {
    return link.run(RedisScript.INDEX_ADD, ScriptOutputType.INTEGER, new byte[][] {keys.index(principal)},
        List.of(utf8(principal), number(clock.millis()), number(deadlineMillis), utf8(key)));
  }

  /** Removes {@code storeKeys} from {@code principal}'s index. */
  CompletableFuture<Long> remove(String principal, Collection<String> storeKeys) {
    List<byte[]> args = new ArrayList<>(storeKeys.size() + 2);
    args.add(utf8(principal));
    args.add(number(clock.millis()));
    storeKeys.forEach(k -> args.add(utf8(k)));
    return link.run(RedisScript.INDEX_REMOVE, ScriptOutputType.INTEGER, new byte[][] {keys.index(principal)}, args);
  }

  /** Removes {@code key} from {@code principal}'s index. */
  CompletableFuture<Long> remove(String principal, String key) {
    return remove(principal, List.of(key));
  }

  List<SessionRecord> findByPrincipal(String principal, Instant now) {
    List<String> members = read("findByPrincipal", principal, now);
    List<CompletableFuture<Map<byte[], byte[]>>> loads = new ArrayList<>(members.size());
    for (String m : members) {
      loads.add(link.redis.hgetall(keys.session(m)).toCompletableFuture());
    }
    List<SessionRecord> out = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      SessionRecord r = RedisRecords.record(members.get(i), link.await("findByPrincipal", loads.get(i)));
      if (r == null || !principal.equals(r.principal()) || r.isExpired(now)) {
        stale.add(members.get(i));
      } else {
        out.add(r);
      }
    }
    if (!stale.isEmpty()) {
      link.await("findByPrincipal", remove(principal, stale));
    }
    return out;
  }
  /**
   * Reads the index, takes out (reads and deletes, atomically, if still this principal's) every session
   * but {@code keepKey}, and reads the index again until it lists nothing new: a session whose id changed
   * meanwhile is found under its new key (the id change indexes the new key before it drops the old).
   * A copy written by a Cluster id change whose old key this call took is deleted but not returned
   * twice.
   */
  List<SessionRecord> deleteByPrincipal(String principal, String keepKey) {
    Set<String> attempted = new HashSet<>();
    Set<String> taken = new HashSet<>();
    List<SessionRecord> out = new ArrayList<>();
    List<Map.Entry<SessionRecord, String>> copies = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      List<String> fresh = new ArrayList<>();
      for (String key : read("deleteByPrincipal", principal, clock.instant())) {
        if (!key.equals(keepKey) && attempted.add(key)) {
          fresh.add(key);
        }
      }
      if (fresh.isEmpty()) {
        break;
      }
      List<CompletableFuture<List<Object>>> takes = new ArrayList<>();
      for (String key : fresh) {
        takes.add(link.run(RedisScript.TAKEOUT, ScriptOutputType.MULTI, new byte[][] {keys.session(key)},
            List.of(utf8(principal))));
      }
      List<CompletableFuture<Long>> unscheduled = new ArrayList<>();
      for (int i = 0; i < takes.size(); i++) {
        List<Object> data = link.await("deleteByPrincipal", takes.get(i));
        if (data == null || data.isEmpty()) {
          continue;
        }
        SessionRecord r = RedisRecords.record(fresh.get(i), data, 1);
        byte[] from = RedisRecords.field(data, 1, RedisRecords.MOVED_FROM);
        taken.add(r.key());
        unscheduled.add(link.redis.zrem(keys.schedule(r.key()), utf8(r.key())).toCompletableFuture());
        if (from != null) {
          copies.add(Map.entry(r, string(from)));
        } else {
          out.add(r);
        }
      }
      link.await("deleteByPrincipal", remove(principal, fresh));
      unscheduled.forEach(f -> link.await("deleteByPrincipal", f));
    }
    for (Map.Entry<SessionRecord, String> copy : copies) {
      // a copy counts unless this call also took the key it was copied from
      if (!taken.contains(copy.getValue())) {
        out.add(copy.getKey());
      }
    }
    return out;
  }

  /**
   * One sweep step over the index buckets (resuming where the last step stopped), up to
   * {@value #SWEEP_BUCKETS} buckets or until {@code max} entries are checked: drops keys past their
   * deadline, and keys whose session is gone or another principal's.
   */
  void sweepStep(Instant now, int max) {
    int checked = 0;
    for (int visited = 0; visited < SWEEP_BUCKETS && checked < max; visited++) {
      int bucket = Math.floorMod(sweepCursor.getAndIncrement(), RedisKeys.BUCKETS);
      List<byte[]> entries = link.await("sweep", link.<List<byte[]>>run(RedisScript.INDEX_PRUNE,
          ScriptOutputType.MULTI, new byte[][] {keys.index(bucket)}, List.of(number(now.toEpochMilli()))));
      List<CompletableFuture<byte[]>> owners = new ArrayList<>(entries.size() / 2);
      for (int i = 0; i < entries.size(); i += 2) {
        owners.add(link.redis.hget(keys.session(string(entries.get(i + 1))), RedisRecords.PRINCIPAL)
            .toCompletableFuture());
      }
      Map<String, List<String>> stale = new HashMap<>();
      for (int i = 0; i < entries.size(); i += 2) {
        String principal = string(entries.get(i));
        byte[] owner = link.await("sweep", owners.get(i / 2));
        if (owner == null || !principal.equals(string(owner))) {
          stale.computeIfAbsent(principal, p -> new ArrayList<>()).add(string(entries.get(i + 1)));
        }
      }
      List<CompletableFuture<Long>> removals = new ArrayList<>();
      stale.forEach((principal, storeKeys) -> removals.add(remove(principal, storeKeys)));
      removals.forEach(f -> link.await("sweep", f));
      checked += owners.size();
    }
  }

  private List<String> read(String op, String principal, Instant now) {
    List<byte[]> members = link.await(op, link.<List<byte[]>>run(RedisScript.INDEX_READ, ScriptOutputType.MULTI,
        new byte[][] {keys.index(principal)}, List.of(utf8(principal), number(now.toEpochMilli()))));
    List<String> out = new ArrayList<>(members == null ? 0 : members.size());
    if (members != null) {
      members.forEach(m -> out.add(string(m)));
    }
    return out;
  }
}

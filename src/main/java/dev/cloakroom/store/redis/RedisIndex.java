package dev.cloakroom.store.redis;

import static dev.cloakroom.store.redis.RedisLink.string;
import static dev.cloakroom.store.redis.RedisRecords.number;
import static dev.cloakroom.store.redis.RedisRecords.utf8;

import dev.cloakroom.store.SessionRecord;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The principal index: {@link RedisKeys#BUCKETS} hashes, a principal's bucket by the hash of its name,
 * one field per indexed session: the store key, valued {@code "deadline principal"}, the session's
 * absolute deadline (authentication or creation time plus absolute timeout, epoch ms on the app's
 * clock). The deadline is an upper bound of the session's life that only re-authentication moves (and
 * re-authentication re-indexes), so a key past its deadline is surely dead: reads and the sweep drop
 * those ({@code index-lib.lua} and the {@code index-*.lua} scripts). Keys of sessions that died earlier
 * (idle timeout, delete elsewhere, another principal) are dropped when a read finds them missing, and by
 * {@link #sweepStep}, which walks the buckets a few at a time; a removal names the deadline it saw, so an
 * entry written again meanwhile stays. A bucket lives in another slot than the sessions, so its updates
 * are separate commands, sent alongside the session's where possible.
 */
final class RedisIndex {

  /** Buckets one sweep step reads, pipelined. */
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

  /** Indexes {@code key} under {@code principal} with {@code deadlineMillis}. */
  CompletableFuture<Long> add(String principal, String key, long deadlineMillis) {
    return link.run(RedisScript.INDEX_ADD, ScriptOutputType.INTEGER, new byte[][] {keys.index(principal)},
        List.of(utf8(principal), number(clock.millis()), number(deadlineMillis), utf8(key)));
  }

  /**
   * Removes store keys from {@code principal}'s index, each only if still indexed under it and with the
   * deadline given ({@code ""} for any).
   */
  CompletableFuture<Long> remove(String principal, Map<String, String> deadlines) {
    List<byte[]> args = new ArrayList<>(deadlines.size() * 2 + 1);
    args.add(utf8(principal));
    deadlines.forEach((key, deadline) -> {
      args.add(utf8(key));
      args.add(utf8(deadline));
    });
    return link.run(RedisScript.INDEX_REMOVE, ScriptOutputType.INTEGER, new byte[][] {keys.index(principal)}, args);
  }

  /** Removes {@code key} from {@code principal}'s index, whatever its deadline. */
  CompletableFuture<Long> remove(String principal, String key) {
    return remove(principal, Map.of(key, ""));
  }

  List<SessionRecord> findByPrincipal(String principal, Instant now) {
    Map<String, String> members = read("findByPrincipal", principal, now);
    Map<String, CompletableFuture<Map<byte[], byte[]>>> loads = new LinkedHashMap<>();
    members.keySet().forEach(m -> loads.put(m, link.redis.hgetall(keys.session(m)).toCompletableFuture()));
    List<SessionRecord> out = new ArrayList<>();
    Map<String, String> stale = new HashMap<>();
    loads.forEach((key, load) -> {
      SessionRecord r = RedisRecords.record(key, link.await("findByPrincipal", load));
      if (r == null || !principal.equals(r.principal()) || r.isExpired(now)) {
        stale.put(key, members.get(key));
      } else {
        out.add(r);
      }
    });
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
      for (String key : read("deleteByPrincipal", principal, clock.instant()).keySet()) {
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
      Map<String, String> removed = new HashMap<>();
      fresh.forEach(key -> removed.put(key, ""));
      link.await("deleteByPrincipal", remove(principal, removed));
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
   * One sweep step over {@value #SWEEP_BUCKETS} index buckets (resuming where the last step stopped),
   * three pipelined round trips: drops keys past their deadline, then keys whose session is gone or
   * another principal's.
   */
  void sweepStep(Instant now) {
    List<CompletableFuture<List<byte[]>>> prunes = new ArrayList<>(SWEEP_BUCKETS);
    for (int i = 0; i < SWEEP_BUCKETS; i++) {
      int bucket = Math.floorMod(sweepCursor.getAndIncrement(), RedisKeys.BUCKETS);
      prunes.add(link.run(RedisScript.INDEX_PRUNE, ScriptOutputType.MULTI, new byte[][] {keys.index(bucket)},
          List.of(number(now.toEpochMilli()))));
    }
    List<String> entries = new ArrayList<>(); // principal, key, deadline, ...
    prunes.forEach(p -> link.await("sweep", p).forEach(b -> entries.add(string(b))));
    List<CompletableFuture<byte[]>> owners = new ArrayList<>(entries.size() / 3);
    for (int i = 0; i < entries.size(); i += 3) {
      owners.add(link.redis.hget(keys.session(entries.get(i + 1)), RedisRecords.PRINCIPAL).toCompletableFuture());
    }
    Map<String, Map<String, String>> stale = new HashMap<>();
    for (int i = 0; i < entries.size(); i += 3) {
      String principal = entries.get(i);
      byte[] owner = link.await("sweep", owners.get(i / 3));
      if (owner == null || !principal.equals(string(owner))) {
        stale.computeIfAbsent(principal, p -> new HashMap<>()).put(entries.get(i + 1), entries.get(i + 2));
      }
    }
    List<CompletableFuture<Long>> removals = new ArrayList<>();
    stale.forEach((principal, deadlines) -> removals.add(remove(principal, deadlines)));
    removals.forEach(f -> link.await("sweep", f));
  }

  /** {@code principal}'s live store keys with their deadlines, in the bucket's order. */
  private Map<String, String> read(String op, String principal, Instant now) {
    List<byte[]> flat = link.await(op, link.<List<byte[]>>run(RedisScript.INDEX_READ, ScriptOutputType.MULTI,
        new byte[][] {keys.index(principal)}, List.of(utf8(principal), number(now.toEpochMilli()))));
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; flat != null && i + 1 < flat.size(); i += 2) {
      out.put(string(flat.get(i)), string(flat.get(i + 1)));
    }
    return out;
  }
}

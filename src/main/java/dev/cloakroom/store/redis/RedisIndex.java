package dev.cloakroom.store.redis;

import static dev.cloakroom.store.redis.RedisLink.string;
import static dev.cloakroom.store.redis.RedisRecords.number;
import static dev.cloakroom.store.redis.RedisRecords.utf8;

import dev.cloakroom.store.SessionRecord;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The principal index: one sorted set per principal, members the store keys, scores the sessions'
 * absolute deadlines (authentication or creation time plus absolute timeout, epoch ms on the app's
 * clock). The deadline is an upper bound of the session's life that only re-authentication moves (and
 * re-authentication re-indexes), so entries past their score are surely dead and are dropped with
 * {@code ZREMRANGEBYSCORE} on every index read and write, and the set's own TTL is its largest score.
 * Entries of sessions that died earlier (idle timeout, delete elsewhere, another principal) are dropped
 * when a read finds them missing, and by {@link #sweepStep}, which walks the indexes a {@code SCAN} step
 * at a time. The index lives in another slot than the sessions, so its updates are separate commands,
 * sent alongside the session's where possible.
 */
final class RedisIndex {

  private static final int SWEEP_SCAN_COUNT = 200;

  private final RedisLink link;
  private final RedisKeys keys;
  private final Clock clock;
  private ScanCursor sweepCursor = ScanCursor.INITIAL;

  RedisIndex(RedisLink link, RedisKeys keys, Clock clock) {
    this.link = link;
    this.keys = keys;
    this.clock = clock;
  }

  /** Adds {@code key} to {@code principal}'s index with {@code deadlineMillis}. */
  CompletableFuture<Long> add(String principal, String key, long deadlineMillis) {
    return link.run(RedisScript.INDEX_ADD, ScriptOutputType.INTEGER, new byte[][] {keys.principal(principal)},
        List.of(number(clock.millis()), number(deadlineMillis), utf8(key)));
  }

  /** Removes {@code key} from {@code principal}'s index. */
  CompletableFuture<Long> remove(String principal, String key) {
    return link.redis.zrem(keys.principal(principal), utf8(key)).toCompletableFuture();
  }

  List<SessionRecord> findByPrincipal(String principal, Instant now) {
    byte[] index = keys.principal(principal);
    List<byte[]> members = read("findByPrincipal", index, now);
    List<CompletableFuture<Map<byte[], byte[]>>> loads = new ArrayList<>(members.size());
    for (byte[] m : members) {
      loads.add(link.redis.hgetall(keys.session(string(m))).toCompletableFuture());
    }
    List<SessionRecord> out = new ArrayList<>();
    List<byte[]> stale = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      SessionRecord r = RedisRecords.record(string(members.get(i)), link.await("findByPrincipal", loads.get(i)));
      if (r == null || !principal.equals(r.principal()) || r.isExpired(now)) {
        stale.add(members.get(i));
      } else {
        out.add(r);
      }
    }
    if (!stale.isEmpty()) {
      link.await("findByPrincipal", link.redis.zrem(index, stale.toArray(new byte[0][])));
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
    byte[] index = keys.principal(principal);
    Set<String> attempted = new HashSet<>();
    Set<String> taken = new HashSet<>();
    List<SessionRecord> out = new ArrayList<>();
    List<Map.Entry<SessionRecord, String>> copies = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      List<String> fresh = new ArrayList<>();
      for (byte[] m : read("deleteByPrincipal", index, clock.instant())) {
        String key = string(m);
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
      link.await("deleteByPrincipal", link.redis.zrem(index, fresh.stream().map(RedisRecords::utf8)
          .toArray(byte[][]::new)));
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
   * One {@code SCAN} step over the namespace's indexes (resuming where the last call stopped): drops
   * entries past their deadline and entries whose session is gone or another principal's.
   */
  void sweepStep(Instant now, int max) {
    ScanCursor cursor;
    synchronized (this) {
      cursor = sweepCursor;
    }
    ScanArgs args = ScanArgs.Builder.matches(keys.principalPattern()).limit(SWEEP_SCAN_COUNT);
    KeyScanCursor<byte[]> page = link.await("sweep", link.redis.scan(cursor, args));
    synchronized (this) {
      sweepCursor = page.isFinished() ? ScanCursor.INITIAL : page;
    }
    int checked = 0;
    for (byte[] index : page.getKeys()) {
      String principal = principalOf(index);
      if (principal == null || checked >= max) {
        continue;
      }
      List<byte[]> members = read("sweep", index, now);
      List<CompletableFuture<byte[]>> owners = new ArrayList<>();
      for (byte[] m : members) {
        owners.add(link.redis.hget(keys.session(string(m)), RedisRecords.PRINCIPAL).toCompletableFuture());
      }
      List<byte[]> stale = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        byte[] owner = link.await("sweep", owners.get(i));
        if (owner == null || !principal.equals(string(owner))) {
          stale.add(members.get(i));
        }
      }
      if (!stale.isEmpty()) {
        link.await("sweep", link.redis.zrem(index, stale.toArray(new byte[0][])));
      }
      checked += members.size();
    }
  }

  private List<byte[]> read(String op, byte[] index, Instant now) {
    List<byte[]> members = link.await(op, link.<List<byte[]>>run(RedisScript.INDEX_READ, ScriptOutputType.MULTI,
        new byte[][] {index}, List.of(number(now.toEpochMilli()))));
    return members == null ? List.of() : members;
  }

  private String principalOf(byte[] index) {
    String k = string(index);
    String prefix = keys.namespace() + ":p:{";
    return k.startsWith(prefix) && k.endsWith("}") ? k.substring(prefix.length(), k.length() - 1) : null;
  }
}

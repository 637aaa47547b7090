package dev.cloakroom.store.redis;

import static dev.cloakroom.store.redis.RedisLink.string;
import static dev.cloakroom.store.redis.RedisRecords.number;
import static dev.cloakroom.store.redis.RedisRecords.utf8;

import dev.cloakroom.store.SessionRecord;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expiry schedule: {@link RedisKeys#SCHEDULE_BUCKETS} sorted sets, members the store keys, scores
 * the sessions' expiry (epoch ms, the app's clock), so the sweep finds the sessions that died by time
 * and hands their data to the listeners before their hash's TTL (expiry + grace) removes it.
 *
 * <p>Kept in the same round trip as the session writes: on a standalone or Sentinel server the session
 * scripts update the bucket themselves (it is passed as their second key: atomic); in Cluster the bucket
 * lives in another slot, so the {@code ZADD}/{@code ZREM} is sent alongside, pipelined, never after.
 * A schedule entry without a session (a write that failed half-way, a delete racing a save) is harmless:
 * the sweep finds the hash gone and skips it. A session whose expiry moved after its entry was claimed
 * is found alive and scheduled again.
 *
 * <p>Exactly once: claiming ({@code sweep-claim.lua}) pops due members atomically, so of several nodes
 * one claims each; taking ({@code sweep-take.lua}) reads and deletes the hash atomically, and only if
 * its own fields say it is expired, so a request deleting it on access and a sweep never both get it.
 */
final class RedisSchedule {

  private static final Logger log = LoggerFactory.getLogger(RedisSchedule.class);

  private final RedisLink link;
  private final RedisKeys keys;
  private final RedisIndex index;
  private final AtomicInteger rotation = new AtomicInteger();

  RedisSchedule(RedisLink link, RedisKeys keys, RedisIndex index) {
    this.link = link;
    this.keys = keys;
    this.index = index;
  }

  /** The keys of a session script: the hash, and in standalone mode its schedule bucket as well. */
  byte[][] scriptKeys(String storeKey) {
    return link.cluster ? new byte[][] {keys.session(storeKey)}
        : new byte[][] {keys.session(storeKey), keys.schedule(storeKey)};
  }

  /** In Cluster, schedules {@code storeKey} at {@code expiresAt} (pipelined); elsewhere the script did. */
  CompletableFuture<?> addAlongside(String storeKey, Instant expiresAt) {
    return link.cluster ? link.redis.zadd(keys.schedule(storeKey), expiresAt.toEpochMilli(), utf8(storeKey))
        .toCompletableFuture() : CompletableFuture.completedFuture(null);
  }

  /**
   * In Cluster, moves {@code storeKey}'s entry to {@code expiresAt} (pipelined), only later unless
   * {@code anyDirection} (a save that changes the idle timeout may bring the expiry nearer); elsewhere
   * the script did.
   */
  CompletableFuture<?> moveAlongside(String storeKey, Instant expiresAt, boolean anyDirection) {
    if (!link.cluster || anyDirection) {
      return addAlongside(storeKey, expiresAt);
    }
    return link.redis.zadd(keys.schedule(storeKey), io.lettuce.core.ZAddArgs.Builder.gt(),
        expiresAt.toEpochMilli(), utf8(storeKey)).toCompletableFuture();
  }

  /** In Cluster, unschedules {@code storeKey} (pipelined); elsewhere the script did. */
  CompletableFuture<?> removeAlongside(String storeKey) {
    return link.cluster ? link.redis.zrem(keys.schedule(storeKey), utf8(storeKey)).toCompletableFuture()
        : CompletableFuture.completedFuture(null);
  }

  /**
   * How many sessions are scheduled to expire after {@code now}: one {@code ZCOUNT} per bucket, sent
   * together (O(log n) each, never a scan). Counts the live sessions, give or take an entry whose write
   * failed half-way.
   */
  long live(Instant now) {
    io.lettuce.core.Range<Long> after = io.lettuce.core.Range.from(
        io.lettuce.core.Range.Boundary.excluding(now.toEpochMilli()), io.lettuce.core.Range.Boundary.unbounded());
    List<CompletableFuture<Long>> counts = new ArrayList<>(RedisKeys.BUCKETS);
    for (int bucket = 0; bucket < RedisKeys.BUCKETS; bucket++) {
      counts.add(link.redis.zcount(keys.schedule(bucket), after).toCompletableFuture());
    }
    long total = 0;
    for (CompletableFuture<Long> count : counts) {
      total += link.await("size", count);
    }
    return total;
  }

  /**
   * Claims up to {@code max} due entries and takes out those sessions that are expired. Buckets are
   * asked in parallel, in rounds, starting at a rotating bucket, until {@code max} entries are claimed
   * or every bucket has given all it had.
   */
  List<SessionRecord> removeExpired(Instant now, int max) {
    List<Integer> candidates = new ArrayList<>(RedisKeys.BUCKETS);
    int start = Math.floorMod(rotation.getAndIncrement(), RedisKeys.BUCKETS);
    for (int i = 0; i < RedisKeys.BUCKETS; i++) {
      candidates.add((start + i) % RedisKeys.BUCKETS);
    }
    List<SessionRecord> out = new ArrayList<>();
    int remaining = max;
    while (remaining > 0 && !candidates.isEmpty()) {
      List<Integer> round = List.copyOf(candidates.subList(0, Math.min(remaining, candidates.size())));
      int per = remaining / round.size();
      List<CompletableFuture<List<byte[]>>> claims = new ArrayList<>(round.size());
      for (int bucket : round) {
        claims.add(link.run(RedisScript.SWEEP_CLAIM, ScriptOutputType.MULTI, new byte[][] {keys.schedule(bucket)},
            List.of(number(now.toEpochMilli()), number(per))));
      }
      List<Integer> next = new ArrayList<>(candidates.subList(round.size(), candidates.size()));
      List<String> claimed = new ArrayList<>();
      for (int i = 0; i < round.size(); i++) {
        List<byte[]> members = link.await("sweep", claims.get(i));
        if (members.size() == per) {
          next.add(round.get(i)); // it may hold more
        }
        members.forEach(m -> claimed.add(string(m)));
      }
      candidates = next;
      remaining -= claimed.size();
      out.addAll(take(claimed, now));
    }
    return out;
  }

  private List<SessionRecord> take(List<String> claimed, Instant now) {
    List<CompletableFuture<List<Object>>> takes = new ArrayList<>(claimed.size());
    for (String key : claimed) {
      takes.add(link.run(RedisScript.SWEEP_TAKE, ScriptOutputType.MULTI, new byte[][] {keys.session(key)},
          List.of(number(now.toEpochMilli()))));
    }
    List<SessionRecord> out = new ArrayList<>();
    List<CompletableFuture<?>> fixes = new ArrayList<>();
    int gone = 0;
    for (int i = 0; i < claimed.size(); i++) {
      List<Object> data = link.await("sweep", takes.get(i));
      String key = claimed.get(i);
      if (data == null || data.isEmpty()) {
        gone++; // deleted meanwhile (logout, expiry on access on any node): whoever deleted it told the listeners
      } else if ((Long) data.get(0) != 0) {
        fixes.add(link.redis.zadd(keys.schedule(key), (Long) data.get(0), utf8(key)).toCompletableFuture());
      } else {
        SessionRecord r = RedisRecords.record(key, data, 1);
        out.add(r);
        if (r.principal() != null) {
          fixes.add(index.remove(r.principal(), key));
        }
      }
    }
    fixes.forEach(f -> link.await("sweep", f));
    if (gone > 0) {
      log.debug("expiry schedule entries skipped reason=session-already-gone count={}", gone);
    }
    return out;
  }
}

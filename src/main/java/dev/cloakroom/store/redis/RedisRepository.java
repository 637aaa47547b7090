package dev.cloakroom.store.redis;

import static dev.cloakroom.store.redis.RedisRecords.number;
import static dev.cloakroom.store.redis.RedisRecords.utf8;

import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreException;
import dev.cloakroom.store.StoreUnavailableException;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in Redis (standalone, Sentinel or Cluster), through Lettuce. Key layout: {@link RedisKeys};
 * hash fields: {@link RedisRecords}; scripts: {@code dev/cloakroom/redis/*.lua}.
 *
 * <h2>Round trips</h2>
 * {@code load} is one {@code HGETALL}. {@code save} is one {@code EVALSHA} that checks the session
 * still exists (a delta never resurrects a deleted session), sets and deletes the changed fields, and
 * sets the TTL; a save that authenticates adds one index update. {@code create} is one script,
 * pipelined with the index update when there is a principal. Nothing here writes on load. Id changes
 * take two round trips (standalone) or three (Cluster), plus one to fix the index in Cluster.
 *
 * <h2>Expiry</h2>
 * A session's TTL is its remaining lifetime, {@code expiresAt - now} on this repository's clock (not
 * the server's: a relative TTL is immune to clock skew between app nodes and Redis), at least one
 * second. The filter decides expiry; TTLs only clean up. No keyspace notifications, no {@code CONFIG}.
 *
 * <h2>Principal index</h2>
 * One sorted set per principal, members the store keys, scores the sessions' absolute deadlines
 * (authentication or creation time plus absolute timeout, epoch ms on this repository's clock). The
 * deadline is an upper bound of the session's life that only re-authentication moves (and
 * re-authentication re-indexes), so entries past their score are surely dead and are dropped with
 * {@code ZREMRANGEBYSCORE} on every index read and write, and the set's own TTL is its largest score.
 * Entries of sessions that died earlier (idle timeout, delete elsewhere, another principal) are dropped
 * when a read finds them missing, and by the sweep ({@link #removeExpired}), which walks the indexes a
 * {@code SCAN} step at a time. The index lives in another slot than the sessions, so its updates are
 * separate commands, sent alongside the session's where possible.
 *
 * <h2>Id change</h2>
 * Standalone and Sentinel: one script renames the hash and moves its index entry, atomically, keeping
 * data and TTL (after one {@code HGET} that names the index key for the script). Cluster: the two keys
 * lie in different slots and no command spans slots (no cross-slot {@code RENAME}), so the change takes
 * three steps, each atomic on its own slot:
 * <ol>
 *   <li>on the old key: mark it moving (field {@code m} = the new key) and read its data and TTL. From
 *       here on the old key loads nothing and takes no save; a delete of it still succeeds;
 *   <li>on the new key: write the copy with the TTL (never over an existing key, so a retry is
 *       harmless), and index it before the old key goes, so a sign-out that misses the old key finds
 *       the new one;
 *   <li>on the old key: delete it if it is still marked for this new key. If a logout ({@link #delete})
 *       or a sign-out ({@link #deleteByPrincipal}) took it meanwhile, delete the copy and return false.
 * </ol>
 * A concurrent logout therefore either comes before step 1 (the change returns false, nothing is
 * copied), or wins at step 3 (the copy is removed before the change returns), or comes after the change
 * (the old key is gone): it can never bring the old session back nor leave a copy alive. If step 2
 * fails, the mark is removed (the change did not happen); if that fails too, the session stays dead
 * and expires with its TTL: lost, never resurrected.
 *
 * <p>Store keys are hashes of session ids, so no raw id reaches Redis or a log. Thread-safe: one
 * shared, auto-reconnecting Lettuce connection. Failures to reach Redis (disconnected, timeout, busy,
 * loading, cluster down, out of memory) become {@link StoreUnavailableException}.
 *
 * @since 0.1
 */
public final class RedisRepository implements SessionRepository {

  private static final Logger log = LoggerFactory.getLogger(RedisRepository.class);
  private static final long MIN_TTL_MILLIS = 1000;
  private static final int SWEEP_SCAN_COUNT = 200;

  private final RedisClusterAsyncCommands<byte[], byte[]> redis;
  private final boolean cluster;
  private final RedisKeys keys;
  private final Clock clock;
  private final Duration timeout;
  private final AutoCloseable resources;
  private ScanCursor sweepCursor = ScanCursor.INITIAL;
  private volatile boolean closed;

  /**
   * @param redis     commands of a connection whose codec is {@code ByteArrayCodec}
   * @param cluster   whether {@code redis} is a Redis Cluster connection (id changes use two steps)
   * @param keys      the key layout (namespace)
   * @param clock     the clock TTLs and index deadlines are measured with
   * @param timeout   how long to wait for an answer, on top of the connection's own command timeout
   * @param resources closed by {@link #close()} (connection, client), or null
   */
  public RedisRepository(RedisClusterAsyncCommands<byte[], byte[]> redis, boolean cluster, RedisKeys keys,
      Clock clock, Duration timeout, AutoCloseable resources) {
    this.redis = redis;
    this.cluster = cluster;
    this.keys = keys;
    this.clock = clock;
    this.timeout = timeout;
    this.resources = resources;
  }

  /**
   * Loads every script into the server's script cache (on every node in a cluster), so that even the
   * first call of each is one {@code EVALSHA}. Failures are ignored: a script missing from the cache
   * costs one {@code EVAL} on first use.
   */
  public void preloadScripts() {
    for (RedisScript s : RedisScript.ALL) {
      try {
        await("scriptLoad", redis.scriptLoad(s.source()));
      } catch (StoreException e) {
        log.debug("redis script preload failed script={}: {}", s.name(), e.getMessage());
      }
    }
  }

  /** The key layout. */
  public RedisKeys keys() {
    return keys;
  }

  @Override
  public Optional<SessionRecord> load(String key) {
    Map<byte[], byte[]> hash = await("load", redis.hgetall(keys.session(key)));
    if (RedisRecords.field(hash, RedisRecords.MOVING) != null) {
      return Optional.empty(); // an id change is moving it: the old key is dead
    }
    return Optional.ofNullable(RedisRecords.record(key, hash));
  }

  @Override
  public void create(SessionRecord record) {
    List<byte[]> args = new ArrayList<>();
    args.add(number(ttlMillis(record.expiresAt())));
    args.addAll(RedisRecords.fields(record));
    CompletableFuture<Long> created = RedisScript.CREATE.run(redis, ScriptOutputType.INTEGER,
        new byte[][] {keys.session(record.key())}, args);
    CompletableFuture<?> indexed = record.principal() == null ? CompletableFuture.completedFuture(null)
        : indexAdd(record.principal(), record.key(), deadline(record), null);
    long result = await("create", created);
    await("create", indexed);
    if (result == 0) {
      throw new IllegalStateException("store key already in use");
    }
  }

  @Override
  public boolean save(String key, SessionDelta delta) {
    List<byte[]> args = new ArrayList<>();
    args.add(number(ttlMillis(delta.expiresAt())));
    args.addAll(RedisRecords.deltaArgs(delta));
    long absoluteMillis = await("save", RedisScript.SAVE.<Long>run(redis, ScriptOutputType.INTEGER,
        new byte[][] {keys.session(key)}, args));
    if (absoluteMillis < 0) {
      return false;
    }
    SessionDelta.Authentication auth = delta.authentication();
    if (auth != null && auth.principal() != null) {
      long deadline = RedisRecords.deadlineMillis(auth.authenticatedAt(), absoluteMillis);
      await("save", indexAdd(auth.principal(), key, deadline, null));
    }
    return true;
  }

  @Override
  public boolean changeKey(String oldKey, String newKey) {
    return cluster ? moveAcrossSlots(oldKey, newKey) : rename(oldKey, newKey);
  }

  private boolean rename(String oldKey, String newKey) {
    for (int attempt = 0; attempt < 5; attempt++) {
      byte[] seen = await("changeKey", redis.hget(keys.session(oldKey), RedisRecords.PRINCIPAL));
      String principal = seen == null ? "" : string(seen);
      byte[][] scriptKeys = principal.isEmpty()
          ? new byte[][] {keys.session(oldKey), keys.session(newKey)}
          : new byte[][] {keys.session(oldKey), keys.session(newKey), keys.principal(principal)};
      long result = await("changeKey", RedisScript.RENAME.<Long>run(redis, ScriptOutputType.INTEGER, scriptKeys,
          List.of(utf8(principal), number(clock.millis()), utf8(oldKey), utf8(newKey))));
      if (result >= 0) {
        return result == 1;
      }
      // the principal changed between the read and the script: read it again
    }
    throw new StoreException("redis changeKey: the session's principal kept changing; gave up");
  }

  private boolean moveAcrossSlots(String oldKey, String newKey) {
    byte[][] oldHash = {keys.session(oldKey)};
    byte[][] newHash = {keys.session(newKey)};
    // step 1: mark the old key as moving (dead from now on) and read its data
    List<Object> taken = await("changeKey", RedisScript.MOVE_BEGIN.<List<Object>>run(redis, ScriptOutputType.MULTI,
        oldHash, List.of(utf8(newKey))));
    if (taken == null || taken.isEmpty()) {
      return false;
    }
    long ttl = (Long) taken.get(0);
    SessionRecord moved = RedisRecords.record(newKey, taken, 1);
    List<byte[]> args = new ArrayList<>(taken.size() + 2);
    args.add(number(Math.max(ttl, 0)));
    for (int i = 1; i < taken.size(); i++) {
      args.add((byte[]) taken.get(i));
    }
    args.add(RedisRecords.MOVED_FROM);
    args.add(utf8(oldKey));
    // step 2: write the copy, and index it before the old key goes, so a sign-out that misses the old
    // key finds the new one
    CompletableFuture<Long> copied = RedisScript.CREATE.run(redis, ScriptOutputType.INTEGER, newHash, args);
    CompletableFuture<?> indexed = moved.principal() == null ? CompletableFuture.completedFuture(null)
        : indexAdd(moved.principal(), newKey, deadline(moved), null);
    try {
      if (await("changeKey", copied) == 0) {
        throw new IllegalStateException("store key already in use");
      }
      await("changeKey", indexed);
    } catch (RuntimeException e) {
      abortMove(oldKey, newKey, e);
      throw e;
    }
    // step 3: commit on the old key, unless a delete or sign-out took it meanwhile
    long committed = await("changeKey", RedisScript.MOVE_END.<Long>run(redis, ScriptOutputType.INTEGER, oldHash,
        List.of(utf8(newKey), utf8("commit"))));
    if (committed == 0) {
      CompletableFuture<Long> dropped = redis.del(newHash[0]).toCompletableFuture();
      if (moved.principal() != null) {
        await("changeKey", redis.zrem(keys.principal(moved.principal()), utf8(newKey)));
      }
      await("changeKey", dropped);
      return false;
    }
    if (moved.principal() != null) {
      await("changeKey", redis.zrem(keys.principal(moved.principal()), utf8(oldKey)));
    }
    return true;
  }

  /** Undoes steps 1 and 2 of a failed Cluster move, as far as the store answers. */
  private void abortMove(String oldKey, String newKey, RuntimeException cause) {
    try {
      CompletableFuture<Long> unmarked = RedisScript.MOVE_END.run(redis, ScriptOutputType.INTEGER,
          new byte[][] {keys.session(oldKey)}, List.of(utf8(newKey), utf8("abort")));
      CompletableFuture<Long> dropped = redis.del(keys.session(newKey)).toCompletableFuture();
      await("changeKey", unmarked);
      await("changeKey", dropped);
    } catch (StoreException e) {
      // the old key stays marked: the session is lost (never resurrected); it expires with its TTL
      log.warn("session lost: id change failed between its steps and could not be undone: {}", e.getMessage());
      cause.addSuppressed(e);
    }
  }

  @Override
  public boolean delete(String key) {
    byte[] principal = await("delete", RedisScript.DELETE.<byte[]>run(redis, ScriptOutputType.VALUE,
        new byte[][] {keys.session(key)}, List.of()));
    if (principal == null) {
      return false;
    }
    if (principal.length > 0) {
      await("delete", redis.zrem(keys.principal(string(principal)), utf8(key)));
    }
    return true;
  }

  @Override
  public List<SessionRecord> findByPrincipal(String principal, Instant now) {
    byte[] index = keys.principal(principal);
    List<byte[]> members = indexRead("findByPrincipal", index, now);
    List<CompletableFuture<Map<byte[], byte[]>>> loads = new ArrayList<>(members.size());
    for (byte[] m : members) {
      loads.add(redis.hgetall(keys.session(string(m))).toCompletableFuture());
    }
    List<SessionRecord> out = new ArrayList<>();
    List<byte[]> stale = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      SessionRecord r = RedisRecords.record(string(members.get(i)), await("findByPrincipal", loads.get(i)));
      if (r == null || !principal.equals(r.principal()) || r.isExpired(now)) {
        stale.add(members.get(i));
      } else {
        out.add(r);
      }
    }
    if (!stale.isEmpty()) {
      await("findByPrincipal", redis.zrem(index, stale.toArray(new byte[0][])));
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
  @Override
  public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) {
    byte[] index = keys.principal(principal);
    java.util.Set<String> attempted = new java.util.HashSet<>();
    java.util.Set<String> taken = new java.util.HashSet<>();
    List<SessionRecord> out = new ArrayList<>();
    List<Map.Entry<SessionRecord, String>> copies = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      List<String> fresh = new ArrayList<>();
      for (byte[] m : indexRead("deleteByPrincipal", index, clock.instant())) {
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
        takes.add(RedisScript.TAKEOUT.run(redis, ScriptOutputType.MULTI, new byte[][] {keys.session(key)},
            List.of(utf8(principal))));
      }
      for (int i = 0; i < takes.size(); i++) {
        List<Object> data = await("deleteByPrincipal", takes.get(i));
        if (data == null || data.isEmpty()) {
          continue;
        }
        SessionRecord r = RedisRecords.record(fresh.get(i), data, 1);
        byte[] from = RedisRecords.field(data, 1, RedisRecords.MOVED_FROM);
        taken.add(r.key());
        if (from != null) {
          copies.add(Map.entry(r, string(from)));
        } else {
          out.add(r);
        }
      }
      await("deleteByPrincipal", redis.zrem(index, fresh.stream().map(RedisRecords::utf8).toArray(byte[][]::new)));
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
   * Redis expires sessions by TTL, so this returns an empty list; it is the principal index sweep. Each
   * call takes one {@code SCAN} step over the namespace's indexes (resuming where the last call
   * stopped) and drops entries past their deadline and entries whose session is gone.
   */
  @Override
  public List<SessionRecord> removeExpired(Instant now, int max) {
    ScanCursor cursor;
    synchronized (this) {
      cursor = sweepCursor;
    }
    ScanArgs args = ScanArgs.Builder.matches(keys.principalPattern()).limit(SWEEP_SCAN_COUNT);
    KeyScanCursor<byte[]> page = await("sweep", redis.scan(cursor, args));
    synchronized (this) {
      sweepCursor = page.isFinished() ? ScanCursor.INITIAL : page;
    }
    int checked = 0;
    for (byte[] index : page.getKeys()) {
      String principal = principalOf(index);
      if (principal == null || checked >= max) {
        continue;
      }
      List<byte[]> members = indexRead("sweep", index, now);
      List<CompletableFuture<byte[]>> owners = new ArrayList<>();
      for (byte[] m : members) {
        owners.add(redis.hget(keys.session(string(m)), RedisRecords.PRINCIPAL).toCompletableFuture());
      }
      List<byte[]> stale = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        byte[] owner = await("sweep", owners.get(i));
        if (owner == null || !principal.equals(string(owner))) {
          stale.add(members.get(i));
        }
      }
      if (!stale.isEmpty()) {
        await("sweep", redis.zrem(index, stale.toArray(new byte[0][])));
      }
      checked += members.size();
    }
    return List.of();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (resources != null) {
      try {
        resources.close();
      } catch (Exception e) {
        log.warn("redis store close failed: {}", e.toString());
      }
    }
  }

  private CompletableFuture<Long> indexAdd(String principal, String key, long deadlineMillis, String removeKey) {
    List<byte[]> args = new ArrayList<>(4);
    args.add(number(clock.millis()));
    args.add(number(deadlineMillis));
    args.add(utf8(key));
    if (removeKey != null) {
      args.add(utf8(removeKey));
    }
    return RedisScript.INDEX_ADD.run(redis, ScriptOutputType.INTEGER, new byte[][] {keys.principal(principal)}, args);
  }

  private List<byte[]> indexRead(String op, byte[] index, Instant now) {
    List<byte[]> members = await(op, RedisScript.INDEX_READ.<List<byte[]>>run(redis, ScriptOutputType.MULTI,
        new byte[][] {index}, List.of(number(now.toEpochMilli()))));
    return members == null ? List.of() : members;
  }

  private String principalOf(byte[] index) {
    String k = string(index);
    String prefix = keys.namespace() + ":p:{";
    return k.startsWith(prefix) && k.endsWith("}") ? k.substring(prefix.length(), k.length() - 1) : null;
  }

  private static long deadline(SessionRecord r) {
    return RedisRecords.deadlineMillis(r.absoluteStart(), r.absoluteTimeout().toMillis());
  }

  private long ttlMillis(Instant expiresAt) {
    return Math.max(MIN_TTL_MILLIS, expiresAt.toEpochMilli() - clock.millis());
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private <T> T await(String op, CompletionStage<T> future) {
    if (closed) {
      throw new StoreException("redis " + op + ": the store is closed");
    }
    try {
      return future.toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure(op, e.getCause());
    } catch (TimeoutException e) {
      throw new StoreUnavailableException("redis " + op + ": no answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("redis " + op + ": interrupted", e);
    }
  }

  /** A Lettuce failure as a store exception: unreachable or overloaded servers are "unavailable". */
  static StoreException failure(String op, Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof StoreException e) {
      return e;
    }
    if (t instanceof RedisCommandExecutionException) {
      String m = String.valueOf(t.getMessage());
      for (String transient_ : List.of("LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY",
          "OOM", "NOREPLICAS", "NOSCRIPT")) {
        if (m.startsWith(transient_)) {
          return new StoreUnavailableException("redis " + op + ": " + m, t);
        }
      }
      return new StoreException("redis " + op + " failed: " + m, t);
    }
    if (t instanceof RedisException || t instanceof java.io.IOException) {
      return new StoreUnavailableException("redis " + op + ": unreachable: " + t.getMessage(), t);
    }
    return new StoreException("redis " + op + " failed: " + t, t);
  }
}

package dev.cloakroom.store.redis;

import static dev.cloakroom.store.redis.RedisLink.string;
import static dev.cloakroom.store.redis.RedisRecords.number;
import static dev.cloakroom.store.redis.RedisRecords.utf8;

import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreException;
import dev.cloakroom.store.StoreUnavailableException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in Redis (standalone, Sentinel or Cluster), through Lettuce. Key layout: {@link RedisKeys};
 * hash fields: {@link RedisRecords}; scripts: {@code dev/cloakroom/redis/*.lua}; the principal index:
 * {@link RedisIndex}; the expiry schedule: {@link RedisSchedule}.
 *
 * <h2>Round trips</h2>
 * {@code load} is one {@code HGETALL}. {@code save} is one {@code EVALSHA} that checks the session
 * still exists (a delta never resurrects a deleted session), sets and deletes the changed fields, sets
 * the TTL and, when the delta moves the expiry, the schedule entry (in Cluster a {@code ZADD} pipelined
 * with it); a save that authenticates adds one index update. {@code create} is one script, pipelined
 * with the index update when there is a principal. Nothing here writes on load. Id changes take two
 * round trips (standalone) or three (Cluster), plus one to fix the index in Cluster.
 *
 * <h2>Expiry</h2>
 * A session's TTL is its remaining lifetime plus a grace, {@code expiresAt - now + grace} on this
 * repository's clock (not the server's: a relative TTL is immune to clock skew between app nodes and
 * Redis). The filter decides expiry: a request that loads a record past its expiry deletes it and tells
 * the listeners. {@link #removeExpired} takes the sessions nobody asked for out of the schedule and
 * returns them with their attributes; the grace (the filter passes 2 × {@code sweepInterval}) keeps
 * their data until a sweep has run. The TTL only cleans up after nodes that are all gone. No keyspace
 * notifications, no {@code CONFIG}.
 *
 * <h2>Id change</h2>
 * Standalone and Sentinel: one script renames the hash and moves its schedule and index entries,
 * atomically, keeping data and TTL (after one {@code HGET} that names the index key for the script).
 * Cluster: the two keys lie in different slots and no command spans slots (no cross-slot
 * {@code RENAME}), so the change takes three steps, each atomic on its own slot ({@link RedisMove}).
 *
 * <p>Store keys are hashes of session ids, so no raw id reaches Redis or a log. Thread-safe: one
 * shared, auto-reconnecting Lettuce connection. Failures to reach Redis (disconnected, timeout, busy,
 * loading, cluster down, out of memory) become {@link StoreUnavailableException}.
 *
 * @since 0.1
 */
final class RedisRepository implements SessionRepository {

  private static final Logger log = LoggerFactory.getLogger(RedisRepository.class);
  private static final long MIN_TTL_MILLIS = 1000;
  /** Most moved marks followed by one {@link #movedTo}. */
  private static final int MAX_HOPS = 16;
  /** Most times {@link #movedTo} asks a key whose Cluster id change is under way (one round trip each). */
  private static final int MAX_MOVE_ASKS = 200;

  private final RedisLink link;
  private final RedisKeys keys;
  private final Clock clock;
  private final Duration grace;
  private final RedisIndex index;
  private final RedisSchedule schedule;
  private final RedisMove move;
  private final AutoCloseable resources;
  private volatile boolean closed;

  /**
   * @param redis     commands of a connection whose codec is {@code ByteArrayCodec}
   * @param cluster   whether {@code redis} is a Redis Cluster connection (id changes use three steps)
   * @param keys      the key layout (namespace)
   * @param clock     the clock TTLs, schedule scores and index deadlines are measured with
   * @param timeout   how long to wait for an answer, on top of the connection's own command timeout
   * @param grace     how long a session's data outlives its expiry, so a sweep can hand it to listeners
   * @param resources closed by {@link #close()} (connection, client), or null
   */
  public RedisRepository(RedisClusterAsyncCommands<byte[], byte[]> redis, boolean cluster, RedisKeys keys,
      Clock clock, Duration timeout, Duration grace, AutoCloseable resources) {
    this.link = new RedisLink(redis, cluster, timeout);
    this.keys = keys;
    this.clock = clock;
    this.grace = grace;
    this.index = new RedisIndex(link, keys, clock);
    this.schedule = new RedisSchedule(link, keys, index);
    this.move = new RedisMove(link, keys, index, clock);
    this.resources = resources;
  }

  /**
   * Loads every script into the server's script cache (on every node in a cluster), so that even the
   * first call of each is one {@code EVALSHA}. Failures are ignored: a script missing from the cache
   * costs one {@code EVAL} on first use.
   */
  public void preloadScripts() {
    for (RedisScript s : RedisScript.values()) {
      try {
        link.await("scriptLoad", link.redis.scriptLoad(s.source()));
      } catch (StoreException e) {
        log.debug("redis script preload failed script={}: {}", s.name(), e.getMessage());
      }
    }
  }

  /** The key layout. */
  public RedisKeys keys() {
    return keys;
  }

  /** How long a session's data outlives its expiry. */
  public Duration grace() {
    return grace;
  }

  @Override
  public Optional<SessionRecord> load(String key) {
    Map<byte[], byte[]> hash = link.await("load", link.redis.hgetall(keys.session(key)));
    if (RedisRecords.field(hash, RedisRecords.MOVING) != null) {
      return Optional.empty(); // an id change is moving it: the old key is dead
    }
    return Optional.ofNullable(RedisRecords.record(key, hash));
  }

  @Override
  public void create(SessionRecord record) {
    List<byte[]> args = new ArrayList<>();
    args.add(number(ttlMillis(record.expiresAt())));
    args.add(number(record.expiresAt().toEpochMilli()));
    args.addAll(RedisRecords.fields(record));
    CompletableFuture<Long> created = link.run(RedisScript.CREATE, ScriptOutputType.INTEGER,
        schedule.scriptKeys(record.key()), args);
    CompletableFuture<?> scheduled = schedule.addAlongside(record.key(), record.expiresAt());
    CompletableFuture<?> indexed = record.principal() == null ? CompletableFuture.completedFuture(null)
        : index.add(record.principal(), record.key(), RedisMove.deadline(record));
    long result = link.await("create", created);
    link.await("create", scheduled);
    link.await("create", indexed);
    if (result == 0) {
      throw new IllegalStateException("store key already in use");
    }
  }

  @Override
  public boolean save(String key, SessionDelta delta) {
    boolean expiryMoves = delta.lastAccessedAt() != null || delta.idleTimeout() != null
        || delta.authentication() != null;
    List<byte[]> args = new ArrayList<>();
    args.add(number(ttlMillis(delta.expiresAt())));
    args.add(expiryMoves ? number(delta.expiresAt().toEpochMilli()) : new byte[0]);
    args.addAll(RedisRecords.deltaArgs(delta));
    CompletableFuture<Long> saved = link.run(RedisScript.SAVE, ScriptOutputType.INTEGER, schedule.scriptKeys(key),
        args);
    CompletableFuture<?> scheduled = expiryMoves
        ? schedule.moveAlongside(key, delta.expiresAt(), delta.idleTimeout() != null)
        : CompletableFuture.completedFuture(null);
    long absoluteMillis = link.await("save", saved);
    link.await("save", scheduled);
    if (absoluteMillis < 0) {
      return false;
    }
    SessionDelta.Authentication auth = delta.authentication();
    if (auth != null && auth.principal() != null) {
      long deadline = RedisRecords.deadlineMillis(auth.authenticatedAt(), absoluteMillis);
      link.await("save", index.add(auth.principal(), key, deadline));
    }
    return true;
  }

  @Override
  public boolean changeKey(String oldKey, String newKey) {
    return changeKey(oldKey, newKey, null);
  }

  /** Records {@code changedAt} in the hash's {@code k} field within the same atomic step(s). */
  @Override
  public boolean changeKey(String oldKey, String newKey, Instant changedAt) {
    return link.cluster ? move.acrossSlots(oldKey, newKey, changedAt, schedule) : rename(oldKey, newKey, changedAt);
  }

  private boolean rename(String oldKey, String newKey, Instant changedAt) {
    for (int attempt = 0; attempt < 5; attempt++) {
      byte[] seen = link.await("changeKey", link.redis.hget(keys.session(oldKey), RedisRecords.PRINCIPAL));
      String principal = seen == null ? "" : string(seen);
      List<byte[]> scriptKeys = new ArrayList<>(List.of(keys.session(oldKey), keys.session(newKey),
          keys.schedule(oldKey), keys.schedule(newKey)));
      if (!principal.isEmpty()) {
        scriptKeys.add(keys.index(principal));
      }
      long result = link.await("changeKey", link.<Long>run(RedisScript.RENAME, ScriptOutputType.INTEGER,
          scriptKeys.toArray(new byte[0][]),
          List.of(utf8(principal), number(clock.millis()), utf8(oldKey), utf8(newKey),
              changedAt == null ? new byte[0] : number(changedAt.toEpochMilli()))));
      if (result >= 0) {
        return result == 1;
      }
      // the principal changed between the read and the script: read it again
    }
    throw new StoreException("redis changeKey: the session's principal kept changing; gave up");
  }

  /**
   * Follows the moved marks ({@code m} on a hash without {@code x}) that id changes leave: one
   * {@code HMGET} per change followed; only the save and id-change paths of a request that lost a race
   * with an id change call it. A Cluster id change still under way ({@code m} beside {@code x}: its copy
   * may not be written yet) is asked again, a bounded number of times, until it has committed.
   */
  @Override
  public Optional<String> movedTo(String oldKey) {
    String key = oldKey;
    int asks = 0;
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      List<io.lettuce.core.KeyValue<byte[], byte[]>> h = link.await("movedTo",
          link.redis.hmget(keys.session(key), RedisRecords.MOVING, RedisRecords.ABSOLUTE));
      byte[] next = h.get(0).getValueOrElse(null);
      if (next == null) {
        break;
      }
      if (h.get(1).hasValue() && ++asks < MAX_MOVE_ASKS) {
        hop--; // the move is under way: ask the same key again
        continue;
      }
      key = string(next);
    }
    return key.equals(oldKey) ? Optional.empty() : Optional.of(key);
  }

  @Override
  public boolean delete(String key) {
    CompletableFuture<byte[]> deleted = link.run(RedisScript.DELETE, ScriptOutputType.VALUE,
        schedule.scriptKeys(key), List.of());
    CompletableFuture<?> unscheduled = schedule.removeAlongside(key);
    byte[] principal = link.await("delete", deleted);
    link.await("delete", unscheduled);
    if (principal == null) {
      return false;
    }
    if (principal.length > 0) {
      link.await("delete", index.remove(string(principal), key));
    }
    return true;
  }

  @Override
  public List<SessionRecord> findByPrincipal(String principal, Instant now) {
    return index.findByPrincipal(principal, now);
  }

  @Override
  public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) {
    return index.deleteByPrincipal(principal, keepKey);
  }

  /**
   * Takes up to {@code max} sessions expired at {@code now} out of the expiry schedule and returns them
   * with their attributes, each to one caller only, across every node sharing the store; then one step
   * of the principal index sweep.
   */
  @Override
  public List<SessionRecord> removeExpired(Instant now, int max) {
    List<SessionRecord> expired = schedule.removeExpired(now, max);
    index.sweepStep(now);
    return expired;
  }

  /**
   * The live sessions, counted from the expiry schedule: one {@code ZCOUNT} per bucket, pipelined in one
   * round trip, no scan. For the active-sessions gauge, asked when metrics are read, never per request.
   */
  @Override
  public long size() {
    return schedule.live(clock.instant());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    link.close();
    if (resources != null) {
      try {
        resources.close();
      } catch (Exception e) {
        log.warn("redis store close failed: {}", e.toString());
      }
    }
  }

  private long ttlMillis(Instant expiresAt) {
    return Math.max(MIN_TTL_MILLIS, expiresAt.toEpochMilli() - clock.millis() + grace.toMillis());
  }
}

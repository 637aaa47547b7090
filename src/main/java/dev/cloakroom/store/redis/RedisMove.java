package dev.cloakroom.store.redis;

import static dev.cloakroom.store.redis.RedisRecords.number;
import static dev.cloakroom.store.redis.RedisRecords.utf8;

import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.StoreException;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cluster id change. The old and new keys lie in different slots and no command spans slots (no
 * cross-slot {@code RENAME}), so it takes three steps, each atomic on its own slot:
 * <ol>
 *   <li>on the old key: mark it moving (field {@code m} = the new key) and read its data and TTL. From
 *       here on the old key loads nothing and takes no save; a delete of it still succeeds;
 *   <li>on the new key: write the copy with the TTL (never over an existing key, so a retry is
 *       harmless); schedule it and index it alongside, before the old key goes, so a sign-out that
 *       misses the old key finds the new one;
 *   <li>on the old key: replace it with a moved mark (only {@code m}, kept until the absolute deadline,
 *       for requests that loaded the session before the change) if it is still marked for this new key
 *       (its schedule entry goes alongside). If a logout, a sign-out or a sweep took it meanwhile, delete the copy and return
 *       false.
 * </ol>
 * A concurrent logout therefore either comes before step 1 (the change returns false, nothing is
 * copied), or wins at step 3 (the copy is removed before the change returns), or comes after the change
 * (the old key is gone): it can never bring the old session back nor leave a copy alive. If step 2
 * fails, the mark is removed (the change did not happen); if that fails too, the session stays dead
 * and expires with its TTL: lost, never resurrected.
 */
final class RedisMove {

  private static final Logger log = LoggerFactory.getLogger(RedisMove.class);

  private final RedisLink link;
  private final RedisKeys keys;
  private final RedisIndex index;
  private final java.time.Clock clock;

  RedisMove(RedisLink link, RedisKeys keys, RedisIndex index, java.time.Clock clock) {
    this.link = link;
    this.keys = keys;
    this.index = index;
    this.clock = clock;
  }

  /** The index score of a record: its absolute deadline, which only re-authentication moves. */
  static long deadline(SessionRecord r) {
    return RedisRecords.deadlineMillis(r.absoluteStart(), r.absoluteTimeout().toMillis());
  }

  /**
   * @param changedAt when the id changed, written on the copy as its {@code k} field; null keeps the
   *                  copied one
   */
  boolean acrossSlots(String oldKey, String newKey, java.time.Instant changedAt, RedisSchedule schedule) {
    byte[][] oldHash = {keys.session(oldKey)};
    byte[][] newHash = {keys.session(newKey)};
    // step 1: mark the old key as moving (dead from now on) and read its data
    List<Object> taken = link.await("changeKey", link.<List<Object>>run(RedisScript.MOVE_BEGIN,
        ScriptOutputType.MULTI, oldHash, List.of(utf8(newKey))));
    if (taken == null || taken.isEmpty()) {
      return false;
    }
    long ttl = (Long) taken.get(0);
    SessionRecord moved = RedisRecords.record(newKey, taken, 1);
    List<byte[]> args = new ArrayList<>(taken.size() + 3);
    args.add(number(Math.max(ttl, 0)));
    args.add(number(moved.expiresAt().toEpochMilli()));
    for (int i = 1; i < taken.size(); i++) {
      args.add((byte[]) taken.get(i));
    }
    args.add(RedisRecords.MOVED_FROM);
    args.add(utf8(oldKey));
    if (changedAt != null) { // after the copied fields: the last value of a field in one HSET wins
      args.add(RedisRecords.ID_CHANGED);
      args.add(number(changedAt.toEpochMilli()));
    }
    // step 2: write the copy; schedule and index it alongside
    CompletableFuture<Long> copied = link.run(RedisScript.CREATE, ScriptOutputType.INTEGER, newHash, args);
    CompletableFuture<?> scheduled = schedule.addAlongside(newKey, moved.expiresAt());
    CompletableFuture<?> indexed = moved.principal() == null ? CompletableFuture.completedFuture(null)
        : index.add(moved.principal(), newKey, deadline(moved));
    try {
      if (link.await("changeKey", copied) == 0) {
        throw new IllegalStateException("store key already in use");
      }
      link.await("changeKey", scheduled);
      link.await("changeKey", indexed);
    } catch (RuntimeException e) {
      abort(oldKey, newKey, schedule, e);
      throw e;
    }
    // step 3: commit on the old key, unless a delete, sign-out or sweep took it meanwhile
    long markMillis = Math.max(0, deadline(moved) - clock.millis());
    CompletableFuture<Long> commit = link.run(RedisScript.MOVE_END, ScriptOutputType.INTEGER, oldHash,
        List.of(utf8(newKey), utf8("commit"), number(markMillis)));
    CompletableFuture<?> unscheduled = schedule.removeAlongside(oldKey);
    long committed = link.await("changeKey", commit);
    link.await("changeKey", unscheduled);
    if (committed == 0) {
      CompletableFuture<Long> dropped = link.redis.del(newHash[0]).toCompletableFuture();
      CompletableFuture<?> unscheduledCopy = schedule.removeAlongside(newKey);
      if (moved.principal() != null) {
        link.await("changeKey", index.remove(moved.principal(), newKey));
      }
      link.await("changeKey", dropped);
      link.await("changeKey", unscheduledCopy);
      return false;
    }
    if (moved.principal() != null) {
      link.await("changeKey", index.remove(moved.principal(), oldKey));
    }
    return true;
  }

  /** Undoes steps 1 and 2 of a failed move, as far as the store answers. */
  private void abort(String oldKey, String newKey, RedisSchedule schedule, RuntimeException cause) {
    try {
      CompletableFuture<Long> unmarked = link.run(RedisScript.MOVE_END, ScriptOutputType.INTEGER,
          new byte[][] {keys.session(oldKey)}, List.of(utf8(newKey), utf8("abort")));
      CompletableFuture<Long> dropped = link.redis.del(keys.session(newKey)).toCompletableFuture();
      CompletableFuture<?> unscheduled = schedule.removeAlongside(newKey);
      link.await("changeKey", unmarked);
      link.await("changeKey", dropped);
      link.await("changeKey", unscheduled);
    } catch (StoreException e) {
      // the old key stays marked: the session is lost (never resurrected); it expires with its TTL
      log.warn("session lost: id change failed between its steps and could not be undone: {}", e.getMessage());
      cause.addSuppressed(e);
    }
  }
}

package dev.cloakroom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.store.memory.MemoryRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract over the memory store, with encoded records and (nested) with live objects, plus what
 * only the memory store promises: the bound, eviction and size.
 */
class MemoryRepositoryTest extends RepositoryContract {

  @AutoClose
  private MemoryRepository repository = new MemoryRepository(1000);

  @Override
  protected SessionRepository repository() {
    return repository;
  }

  /** A record of {@code principal} under {@code key}, of any form, stored now. */
  private SessionRecord storedUnder(String key, String principal) {
    Instant now = clock.instant();
    return stored(new SessionRecord(key, now, now, now, IDLE, ABSOLUTE, principal, Map.of("cart", bytes(1))));
  }

  private List<String> keysOf(List<SessionRecord> records) {
    return records.stream().map(SessionRecord::key).toList();
  }

  @Test
  void keysWhenNotFilterHashesThenEveryOperationKeepsThemApart() {
    String hash = newKey();
    String almostHash = hash.substring(0, 42) + "B"; // 43 characters, but a bit past the 256th is set
    storedUnder("k1", alice);
    storedUnder(hash, alice);
    storedUnder(almostHash, alice);

    assertThat(loaded("k1").key()).isEqualTo("k1");
    assertThat(loaded(almostHash).key()).isEqualTo(almostHash);
    assertThat(repository.save("k1", touch(loaded("k1"), clock.instant().plusSeconds(1)))).isTrue();
    assertThat(repository.changeKey("k1", "k2")).isTrue();
    assertThat(repository.movedTo("k1")).contains("k2");
    assertThat(keysOf(repository.findByPrincipal(alice, clock.instant())))
        .containsExactlyInAnyOrder("k2", hash, almostHash);
    assertThat(keysOf(repository.deleteByPrincipal(alice, hash))).containsExactlyInAnyOrder("k2", almostHash);
    assertThat(repository.load(hash)).isPresent();
    assertThat(repository.size()).isEqualTo(1);
  }

  @Test
  void principalIndexWhenSessionsComeAndGoThenFindSeesExactlyTheLiveOnes() {
    SessionRecord first = created(alice);
    SessionRecord second = created(alice);
    assertThat(repository.delete(first.key())).isTrue();
    assertThat(keysOf(repository.findByPrincipal(alice, clock.instant()))).containsExactly(second.key());
    SessionRecord third = created(alice);
    assertThat(keysOf(repository.findByPrincipal(alice, clock.instant())))
        .containsExactlyInAnyOrder(second.key(), third.key());
    assertThat(repository.delete(second.key())).isTrue();
    assertThat(repository.delete(third.key())).isTrue();
    assertThat(repository.findByPrincipal(alice, clock.instant())).isEmpty();
    SessionRecord fourth = created(alice);
    assertThat(keysOf(repository.deleteByPrincipal(alice, null))).containsExactly(fourth.key());
    assertThat(repository.size()).isZero();
  }

  /** Replaces the store under test with an empty one bounded at {@code maxSessions}. */
  private void bounded(int maxSessions) {
    repository.close();
    repository = new MemoryRepository(maxSessions);
  }

  /** Replaces the store under test with one bounded at {@code maxSessions} and full of signed-in sessions. */
  private void full(int maxSessions) {
    bounded(maxSessions);
    for (int i = 0; i < maxSessions; i++) {
      created(newPrincipal("user" + i));
    }
  }

  /** Asserts that {@code evicted} has left the store and every one of {@code kept} is still in it. */
  private void assertEvicted(SessionRecord evicted, SessionRecord... kept) {
    assertThat(repository.load(evicted.key())).as("the evicted session").isEmpty();
    for (SessionRecord record : kept) {
      assertThat(repository.load(record.key())).as("a kept session").isPresent();
    }
  }

  /** Stores a session of {@code principal} (null: anonymous), then lets a minute pass. */
  private SessionRecord createdThenAMinutePasses(String principal) {
    SessionRecord record = created(principal);
    clock.advance(Duration.ofMinutes(1));
    return record;
  }

  /**
   * The records the store under test tells its eviction listener of, in order, from now on; each one
   * only if it had left the store when told.
   */
  private List<SessionRecord> evictionsTold() {
    List<SessionRecord> told = new ArrayList<>();
    repository.onEvicted(r -> {
      assertThat(repository.load(r.key())).as("the evicted session, when told").isEmpty();
      told.add(r);
    });
    return told;
  }

  /** Stores and returns a session signed in now whose idle timeout is one minute. */
  private SessionRecord signedInIdleForAMinute() {
    Instant now = clock.instant();
    return stored(new SessionRecord(newKey(), now, now, now, Duration.ofMinutes(1), ABSOLUTE, newPrincipal("alice"),
        Map.of()));
  }

  @Test
  void constructorWhenMaxSessionsBelowOneThenRejected() {
    assertThatThrownBy(() -> new MemoryRepository(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSessions");
  }

  /** Issue 7, case 8: refused only when every session held is signed in. */
  @Test
  void createWhenFullOfSignedInSessionsThenStoreUnavailable() {
    full(2);

    assertThatThrownBy(this::created).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("maxSessions=2");
  }

  @Test
  void createWhenFullOfSignedInSessionsThenExistingSessionsSurvive() {
    bounded(2);
    SessionRecord first = created(newPrincipal("alice"));
    SessionRecord second = created(newPrincipal("bob"));

    assertThatThrownBy(this::created).isInstanceOf(StoreUnavailableException.class);

    assertSameSession(loaded(first.key()), first);
    assertSameSession(loaded(second.key()), second);
  }

  @Test
  void createWhenFullOfSignedInSessionsThenRejectedSessionNotStored() {
    full(1);
    SessionRecord rejected = newRecord();

    assertThatThrownBy(() -> repository.create(rejected)).isInstanceOf(StoreUnavailableException.class);

    assertThat(repository.load(rejected.key())).isEmpty();
  }

  /** Issue 7, case 8: a full store makes room by evicting the least recently used anonymous session. */
  @Test
  void createWhenFullOfAnonymousSessionsThenLeastRecentlyUsedEvicted() {
    bounded(3);
    SessionRecord first = createdThenAMinutePasses(null);
    SessionRecord second = createdThenAMinutePasses(null);
    SessionRecord third = created();
    touchAfter(first, Duration.ofMinutes(1));

    SessionRecord fourth = created();

    assertEvicted(second, first, third, fourth);
    assertThat(repository.size()).isEqualTo(3);
  }

  /** Issue 7, case 8. */
  @Test
  void createWhenFullThenSignedInSessionsStayAndAnonymousOneGoes() {
    bounded(3);
    SessionRecord alices = createdThenAMinutePasses(alice);
    SessionRecord anonymous = createdThenAMinutePasses(null);
    SessionRecord bobs = createdThenAMinutePasses(newPrincipal("bob"));

    SessionRecord visitor = created();

    assertThat(repository.load(anonymous.key())).isEmpty();
    assertSameSession(loaded(alices.key()), alices);
    assertSameSession(loaded(bobs.key()), bobs);
    assertThat(repository.load(visitor.key())).isPresent();
  }

  /** Issue 7, case 8: the session that signed in after it was created is no longer evictable. */
  @Test
  void createWhenOldestAnonymousSessionSignedInSinceThenNotEvicted() {
    bounded(2);
    SessionRecord signingIn = createdThenAMinutePasses(null);
    SessionRecord anonymous = created();
    repository.save(signingIn.key(), authenticate(signingIn, newPrincipal("alice"), clock.instant()));

    created();

    assertEvicted(anonymous, signingIn);
  }

  /** Issue 7, case 8: the evicted record goes to the listener, once, after it left the store. */
  @Test
  void createWhenEvictingThenListenerToldOnceWithTheRecord() {
    bounded(1);
    List<SessionRecord> told = evictionsTold();
    SessionRecord first = created();

    created();

    assertThat(told).hasSize(1);
    assertSameSession(told.get(0), first);
  }

  @Test
  void createWhenRefusedThenListenerNotTold() {
    full(1);
    List<SessionRecord> told = evictionsTold();

    assertThatThrownBy(this::created).isInstanceOf(StoreUnavailableException.class);

    assertThat(told).isEmpty();
  }

  @Test
  void createWhenListenerThrowsThenSessionStillCreated() {
    bounded(1);
    repository.onEvicted(r -> {
      throw new IllegalStateException("listener bug (test)");
    });
    created();

    SessionRecord second = created();

    assertThat(repository.load(second.key())).isPresent();
    assertThat(repository.size()).isEqualTo(1);
  }

  /** Issue 7, case 8: a store full of signed-in sessions still makes room when one of them has expired. */
  @Test
  void createWhenFullOfSignedInSessionsAndOneExpiredThenItIsEvicted() {
    bounded(2);
    List<SessionRecord> told = evictionsTold();
    SessionRecord expiring = signedInIdleForAMinute();
    SessionRecord bob = created(newPrincipal("bob"));
    clock.advance(Duration.ofMinutes(2));

    SessionRecord visitor = created();

    assertThat(told).extracting(SessionRecord::key).containsExactly(expiring.key());
    assertThat(repository.load(bob.key())).isPresent();
    assertThat(repository.load(visitor.key())).isPresent();
  }

  /** Issue 7, case 8: an expired signed-in session goes before a live anonymous one. */
  @Test
  void createWhenFullAndASignedInSessionExpiredThenItIsEvictedFirst() {
    bounded(2);
    SessionRecord expiring = signedInIdleForAMinute();
    clock.advance(Duration.ofMinutes(2));
    SessionRecord anonymous = created();

    created();

    assertEvicted(expiring, anonymous);
  }

  /**
   * Issue 7, case 8: eviction is least-recently-used in effect, though it only samples: a session used
   * recently survives a churn that evicts half the store, and every session evicted is one of the old.
   */
  @Test
  void createWhenChurnEvictsHalfTheStoreThenOnlyOldSessionsGo() {
    bounded(200);
    List<SessionRecord> told = evictionsTold();
    List<SessionRecord> old = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      old.add(created());
    }
    clock.advance(Duration.ofMinutes(1));
    SessionRecord used = old.get(17);
    repository.save(used.key(), touch(used, clock.instant()));
    clock.advance(Duration.ofMinutes(1));

    for (int i = 0; i < 100; i++) {
      created();
    }

    assertThat(repository.load(used.key())).isPresent();
    assertThat(told).hasSize(100).allSatisfy(r -> assertThat(r.lastAccessedAt()).isEqualTo(old.get(0).createdAt()));
    assertThat(repository.size()).isEqualTo(200);
  }

  @Test
  void createWhenFullAndOneDeletedThenRoomAgain() {
    bounded(1);
    SessionRecord first = created();
    repository.delete(first.key());

    SessionRecord second = created();

    assertThat(repository.load(second.key())).isPresent();
  }

  @Test
  void createWhenFullAndExpiredRemovedThenRoomAgain() {
    full(2);
    clock.advance(IDLE.plusSeconds(1));
    repository.removeExpired(clock.instant(), 1);

    SessionRecord third = created();

    assertThat(repository.load(third.key())).isPresent();
  }

  @Test
  void createWhenFullAndPrincipalSignedOutThenRoomAgain() {
    bounded(1);
    created(alice);
    repository.deleteByPrincipal(alice, null);

    SessionRecord second = created();

    assertThat(repository.load(second.key())).isPresent();
  }

  @Test
  void createWhenFullAndKeyChangedThenStillFull() {
    bounded(1);
    SessionRecord first = created(newPrincipal("alice"));
    repository.changeKey(first.key(), newKey());

    assertThatThrownBy(this::created).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void createWhenKeyInUseThenRejectedAndSizeUnchanged() {
    SessionRecord record = created();

    assertThatThrownBy(() -> repository.create(record)).isInstanceOf(IllegalStateException.class);

    assertThat(repository.size()).isEqualTo(1);
  }

  @Test
  void createWhenConcurrentBeyondBoundOfSignedInSessionsThenExactlyMaxStored() throws Exception {
    bounded(50);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        tasks.add(() -> {
          int stored = 0;
          for (int i = 0; i < 20; i++) {
            try {
              created(alice);
              stored++;
            } catch (StoreUnavailableException full) {
              // expected once the bound is reached
            }
          }
          return stored;
        });
      }

      int stored = concurrently(pool, tasks).stream().mapToInt(Integer::intValue).sum();

      assertThat(stored).isEqualTo(50);
      assertThat(repository.size()).isEqualTo(50);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void sizeTracksCreatesAndDeletes() {
    SessionRecord first = created();
    created();
    assertThat(repository.size()).isEqualTo(2);

    repository.delete(first.key());
    repository.delete(first.key());

    assertThat(repository.size()).isEqualTo(1);
  }

  @Test
  void sizeUnchangedByChangeKey() {
    SessionRecord record = created();
    created();

    repository.changeKey(record.key(), newKey());
    repository.changeKey(record.key(), newKey());

    assertThat(repository.size()).isEqualTo(2);
  }

  @Test
  void sizeDecreasedByRemoveExpiredAndDeleteByPrincipal() {
    created(alice);
    created(alice);
    created();
    clock.advance(IDLE.plusSeconds(1));
    created();
    repository.deleteByPrincipal(alice, null);
    repository.removeExpired(clock.instant(), 100);

    assertThat(repository.size()).isEqualTo(1);
  }

  @Test
  void changeKeyWhenNewKeyInUseThenRejectedAndBothSessionsKept() {
    SessionRecord moving = created();
    SessionRecord occupant = created();

    assertThatThrownBy(() -> repository.changeKey(moving.key(), occupant.key()))
        .isInstanceOf(IllegalStateException.class);

    assertSameSession(loaded(moving.key()), moving);
    assertSameSession(loaded(occupant.key()), occupant);
    assertThat(repository.size()).isEqualTo(2);
  }

  /** Issue 7, case 8: creators racing past the bound each make their own room; nothing is lost or told twice. */
  @Test
  void createWhenConcurrentBeyondBoundOfAnonymousSessionsThenAllStoredAndEachEvictionToldOnce() throws Exception {
    bounded(50);
    Set<String> told = ConcurrentHashMap.newKeySet();
    AtomicInteger tellings = new AtomicInteger();
    repository.onEvicted(r -> {
      told.add(r.key());
      tellings.incrementAndGet();
    });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        tasks.add(() -> {
          for (int i = 0; i < 20; i++) {
            created();
          }
          return 20;
        });
      }

      int stored = concurrently(pool, tasks).stream().mapToInt(Integer::intValue).sum();

      assertThat(stored).isEqualTo(160);
      assertThat(repository.size()).isEqualTo(50);
      assertThat(tellings.get()).isEqualTo(110);
      assertThat(told).hasSize(110);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
  }

  // ---- live objects (issue 7, case 7): the store keeps a record's LiveAttributes through every change

  private SessionRecord createdLive(LiveAttributes live) {
    Instant now = clock.instant();
    return stored(new SessionRecord(newKey(), now, now, null, IDLE, ABSOLUTE, null, Map.of(), live));
  }

  @Test
  void loadWhenRecordHasLiveObjectsThenTheSameInstance() {
    LiveAttributes live = new LiveAttributes();
    SessionRecord record = createdLive(live);

    assertThat(loaded(record.key()).live()).isSameAs(live);
  }

  @Test
  void saveWhenTouchAndAuthenticationThenLiveObjectsKept() {
    LiveAttributes live = new LiveAttributes();
    live.put("cart", new Object());
    SessionRecord record = createdLive(live);
    clock.advance(Duration.ofMinutes(2));

    repository.save(record.key(), touch(record, clock.instant()));
    repository.save(record.key(), authenticate(loaded(record.key()), newPrincipal("alice"), clock.instant()));

    assertThat(loaded(record.key()).live()).isSameAs(live);
    assertThat(live.names()).containsExactly("cart");
  }

  @Test
  void changeKeyWhenLiveObjectsThenNewKeyHasTheSameInstance() {
    LiveAttributes live = new LiveAttributes();
    SessionRecord record = createdLive(live);
    String newKey = newKey();

    repository.changeKey(record.key(), newKey);

    assertThat(loaded(newKey).live()).isSameAs(live);
  }

  /**
   * The whole contract again over records that carry live objects, as the filter makes them by default
   * (the outer class runs it over encoded records, as with {@code memoryEncoding=true}).
   */
  @Nested
  class WithLiveObjects extends RepositoryContract {

    @AutoClose
    private final MemoryRepository live = new MemoryRepository(1000);


    @Override
    protected SessionRepository repository() {
      return live;
    }

    @Override
    protected SessionRecord newRecord(String principal, Map<String, byte[]> attributes) {
      SessionRecord r = super.newRecord(principal, attributes);
      return new SessionRecord(r.key(), r.createdAt(), r.lastAccessedAt(), r.authenticatedAt(), r.idleTimeout(),
          r.absoluteTimeout(), r.principal(), r.attributes(), new LiveAttributes());
    }
  }
}

package dev.cloakroom.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.support.FakeClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link SessionRepository} contract: every store passes this suite, one subclass per store.
 *
 * <h2>Adding a store</h2>
 *
 * <pre>{@code
 * class RedisRepositoryIT extends RepositoryContract {
 *   private RedisRepository repository;
 *
 *   @BeforeEach
 *   void open() {
 *     // isolate the test: a fresh key namespace (or schema, or table prefix) per test
 *     repository = new RedisRepository(client, "test-" + UUID.randomUUID() + ":", clock);
 *   }
 *
 *   @AfterEach
 *   void close() {
 *     repository.close(); // and drop the namespace if the store keeps it
 *   }
 *
 *   @Override
 *   protected SessionRepository repository() {
 *     return repository;
 *   }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #repository()} must return the same, empty (or isolated) repository for the whole test;
 *       it is called many times per test. Open it in a {@code @BeforeEach} and close it in an
 *       {@code @AfterEach} of the subclass. JUnit runs the subclass's {@code @BeforeEach} after this
 *       class's, so {@link #clock} is ready when the subclass opens its repository.
 *   <li>Time: every instant comes from {@link #clock}, a {@link FakeClock} starting at
 *       2026-01-01T00:00:00Z and moved only by tests. A store that computes TTLs or cleanup deadlines
 *       from a clock must be given this clock, not the wall clock. Instants used here have
 *       millisecond precision; a store must round-trip them exactly (JDBC: {@code TIMESTAMP(3)} or
 *       finer).
 *   <li>Every store hands expired sessions to {@link SessionRepository#removeExpired} exactly once, TTL
 *       stores included (listeners must hear of every expiry): the sweep tests run for all.
 *   <li>Concurrency tests use real threads against the store with bounded waits
 *       ({@link #TIMEOUT_SECONDS}); they never sleep. A networked store must be safe for that.
 * </ul>
 *
 * <p>The tests are grouped by operation in nested classes ({@link LoadAndCreate}, {@link Save},
 * {@link Metadata}, {@link Expiry}, {@link ChangeKey}, {@link Delete}, {@link FindByPrincipal},
 * {@link DeleteByPrincipal}, {@link Concurrency}); JUnit runs them for every subclass, on the
 * subclass's repository, with its {@code @BeforeEach} and {@code @AfterEach} around each test.
 *
 * <p>Records compare by content: {@link SessionRecord#equals} compares attribute arrays by identity,
 * so use {@link #assertSameSession} rather than {@code isEqualTo}.
 */
public abstract class RepositoryContract {

  /** Upper bound on any wait in a concurrency test. */
  protected static final long TIMEOUT_SECONDS = 30;

  protected static final Duration IDLE = Duration.ofMinutes(30);
  protected static final Duration ABSOLUTE = Duration.ofHours(12);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The test's time; pass it to the store if the store reads a clock. */
  protected FakeClock clock;

  /** A principal of this test's own, for tests about one user's sessions. */
  protected String alice;

  /** The repository under test: the same fresh, empty (or isolated) instance for the whole test. */
  protected abstract SessionRepository repository();

  @BeforeEach
  void startClockAndPrincipal() {
    clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    alice = newPrincipal("alice");
  }

  /** A fresh store key, as the filter makes one from a new session id. */
  protected static String newKey() {
    return Internals.storeKey(Internals.newId(RANDOM));
  }

  /** A principal name unique to this test, so stores shared between tests cannot mix them up. */
  protected static String newPrincipal(String name) {
    return name + "-" + Internals.newId(RANDOM).substring(0, 8);
  }

  protected static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** An anonymous record made now, with one attribute, not yet stored. */
  protected SessionRecord newRecord() {
    return newRecord(null, Map.of("cart", bytes(1, 2, 3)));
  }

  /** A record made now; authenticated now when {@code principal} is not null; not yet stored. */
  protected SessionRecord newRecord(String principal, Map<String, byte[]> attributes) {
    Instant now = clock.instant();
    return new SessionRecord(newKey(), now, now, principal != null ? now : null, IDLE, ABSOLUTE,
        principal, attributes);
  }

  /** Stores and returns an anonymous record. */
  protected SessionRecord created() {
    return created((String) null);
  }

  /** Stores and returns a record of {@code principal} (null for anonymous). */
  protected SessionRecord created(String principal) {
    return stored(newRecord(principal, Map.of("cart", bytes(1, 2, 3))));
  }

  protected SessionRecord stored(SessionRecord record) {
    repository().create(record);
    return record;
  }

  protected SessionRecord loaded(String key) {
    return repository().load(key).orElseThrow(() -> new AssertionError("no session under the key"));
  }

  /** A delta on {@code base}, with the expiry the filter would send. */
  protected static SessionDelta delta(SessionRecord base, Map<String, byte[]> changed, Set<String> removed,
      Instant touch, Duration idleTimeout, SessionDelta.Authentication authentication) {
    SessionDelta draft = new SessionDelta(changed, removed, touch, idleTimeout, authentication, base.expiresAt());
    return new SessionDelta(changed, removed, touch, idleTimeout, authentication,
        base.apply(draft).expiresAt());
  }

  protected static SessionDelta set(SessionRecord base, String name, byte[] value) {
    return delta(base, Map.of(name, value), Set.of(), null, null, null);
  }

  protected static SessionDelta remove(SessionRecord base, String name) {
    return delta(base, Map.of(), Set.of(name), null, null, null);
  }

  protected static SessionDelta touch(SessionRecord base, Instant at) {
    return delta(base, Map.of(), Set.of(), at, null, null);
  }

  /** Moves the clock on by {@code after}, then stores a touch of {@code record} at that instant. */
  protected void touchAfter(SessionRecord record, Duration after) {
    clock.advance(after);
    repository().save(record.key(), touch(record, clock.instant()));
  }

  protected static SessionDelta authenticate(SessionRecord base, String principal, Instant at) {
    return delta(base, Map.of(), Set.of(), null, null, new SessionDelta.Authentication(principal, at));
  }

  /** Attributes as name → hex, so they compare by content and print readably. */
  protected static Map<String, String> hex(Map<String, byte[]> attributes) {
    Map<String, String> out = new TreeMap<>();
    attributes.forEach((name, value) -> out.put(name, HexFormat.of().formatHex(value)));
    return out;
  }

  /** Asserts that two records hold the same session: every field, attribute bytes by content. */
  protected static void assertSameSession(SessionRecord actual, SessionRecord expected) {
    assertThat(actual.key()).as("key").isEqualTo(expected.key());
    assertSameData(actual, expected);
  }

  /** As {@link #assertSameSession}, but ignoring the key (for an id change). */
  protected static void assertSameData(SessionRecord actual, SessionRecord expected) {
    assertThat(actual.createdAt()).as("createdAt").isEqualTo(expected.createdAt());
    assertThat(actual.lastAccessedAt()).as("lastAccessedAt").isEqualTo(expected.lastAccessedAt());
    assertThat(actual.authenticatedAt()).as("authenticatedAt").isEqualTo(expected.authenticatedAt());
    assertThat(actual.idleTimeout()).as("idleTimeout").isEqualTo(expected.idleTimeout());
    assertThat(actual.absoluteTimeout()).as("absoluteTimeout").isEqualTo(expected.absoluteTimeout());
    assertThat(actual.principal()).as("principal").isEqualTo(expected.principal());
    assertThat(hex(actual.attributes())).as("attributes").isEqualTo(hex(expected.attributes()));
    assertThat(actual.idChangedAt()).as("idChangedAt").isEqualTo(expected.idChangedAt());
    assertThat(actual.client()).as("client").isEqualTo(expected.client());
  }

  /** Asserts that {@code record}'s data loads under {@code key}, and nothing under any of {@code deadKeys}. */
  protected void assertLoadsOnlyUnder(String key, SessionRecord record, String... deadKeys) {
    for (String dead : deadKeys) {
      assertThat(repository().load(dead)).as("a dead key").isEmpty();
    }
    assertSameData(loaded(key), record);
  }

  private static List<String> keys(List<SessionRecord> records) {
    return records.stream().map(SessionRecord::key).toList();
  }

  /** Runs the tasks at once (released together by a latch) and returns their results in order. */
  protected static <T> List<T> concurrently(ExecutorService pool, List<Callable<T>> tasks) throws Exception {
    CountDownLatch ready = new CountDownLatch(tasks.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(() -> {
        ready.countDown();
        if (!go.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException("start signal not given");
        }
        return task.call();
      }));
    }
    assertThat(ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("all tasks started").isTrue();
    go.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
    return results;
  }

  private static void shutdown(ExecutorService pool) throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("pool stopped").isTrue();
  }

  /** Sign-in clients for the metadata tests. */
  protected static final ClientFingerprint LAPTOP = new ClientFingerprint("203.0.113.0/24", "Firefox 133");
  protected static final ClientFingerprint PHONE = new ClientFingerprint("2001:db8:1::/48", "Safari 17");

  /** A delta that signs {@code principal} in (or out, when null) from {@code client}. */
  protected static SessionDelta signIn(SessionRecord base, String principal, Instant at, ClientFingerprint client) {
    return delta(base, Map.of(), Set.of(), null, null, new SessionDelta.Authentication(principal, at, client));
  }

  /** {@code create} and {@code load}: every field and every byte round-trips. */
  @Nested
  class LoadAndCreate {

    @Test
    void loadWhenKeyUnknownThenEmpty() {
      assertThat(repository().load(newKey())).isEmpty();
    }

    @Test
    void createThenLoadReturnsSameFields() {
      Instant created = clock.instant();
      clock.advance(Duration.ofSeconds(90));
      Map<String, byte[]> attributes = new LinkedHashMap<>();
      attributes.put("cart", bytes(1, 2, 3));
      attributes.put("theme", bytes('d', 'a', 'r', 'k'));
      SessionRecord record = new SessionRecord(newKey(), created, clock.instant().plusMillis(123),
          clock.instant(), Duration.ofMinutes(20), Duration.ofHours(8), alice, attributes);

      repository().create(record);

      assertSameSession(loaded(record.key()), record);
    }

    @Test
    void createWhenAnonymousThenLoadHasNoPrincipalNorAuthenticationTime() {
      SessionRecord record = created();

      SessionRecord loaded = loaded(record.key());

      assertThat(loaded.principal()).isNull();
      assertThat(loaded.authenticatedAt()).isNull();
    }

    @Test
    void createWhenNoAttributesThenLoadHasNone() {
      SessionRecord record = stored(newRecord(null, Map.of()));

      assertThat(loaded(record.key()).attributes()).isEmpty();
    }

    @Test
    void createWhenAttributesBinaryThenEveryByteSurvives() {
      byte[] all = new byte[256];
      for (int i = 0; i < all.length; i++) {
        all[i] = (byte) i;
      }
      Map<String, byte[]> attributes = Map.of(
          "zero", bytes(0x00), "ff", bytes(0xFF, 0xFF), "all", all, "empty", new byte[0],
          "mixed", bytes(0x00, 0xFF, 0x0A, 0x0D, 0x22, 0x5C, 0x00));
      SessionRecord record = stored(newRecord(null, attributes));

      assertThat(hex(loaded(record.key()).attributes())).isEqualTo(hex(attributes));
    }

    @Test
    void createWhenAttributeNamesUnicodeThenNamesSurvive() {
      Map<String, byte[]> attributes = Map.of(
          "größe", bytes(1), "名前", bytes(2), "\uD83E\uDDE5 coat", bytes(3), "a:b \"c\" \\d", bytes(4));
      SessionRecord record = stored(newRecord(null, attributes));

      assertThat(loaded(record.key()).attributes()).containsOnlyKeys(attributes.keySet());
    }
  }

  /** {@code save}: a delta changes what it names and nothing else. */
  @Nested
  class Save {

    @Test
    void saveWhenAttributeSetThenOtherAttributesUnchanged() {
      SessionRecord record = stored(newRecord(null, Map.of("a", bytes(1), "b", bytes(2))));

      assertThat(repository().save(record.key(), delta(record, Map.of("b", bytes(20), "c", bytes(30)), Set.of(),
          null, null, null))).isTrue();

      assertThat(hex(loaded(record.key()).attributes()))
          .isEqualTo(hex(Map.of("a", bytes(1), "b", bytes(20), "c", bytes(30))));
    }

    @Test
    void saveWhenAttributeRemovedThenOnlyThatAttributeGone() {
      SessionRecord record = stored(newRecord(null, Map.of("a", bytes(1), "b", bytes(2))));

      assertThat(repository().save(record.key(), remove(record, "a"))).isTrue();

      assertThat(hex(loaded(record.key()).attributes())).isEqualTo(hex(Map.of("b", bytes(2))));
    }

    @Test
    void saveWhenRemovedAttributeUnknownThenOthersUnchanged() {
      SessionRecord record = stored(newRecord(null, Map.of("a", bytes(1))));

      assertThat(repository().save(record.key(), remove(record, "nope"))).isTrue();

      assertThat(hex(loaded(record.key()).attributes())).isEqualTo(hex(Map.of("a", bytes(1))));
    }

    @Test
    void saveWhenTouchThenLastAccessedAtUpdated() {
      SessionRecord record = created();
      clock.advance(Duration.ofMinutes(5));
      Instant at = clock.instant();

      repository().save(record.key(), touch(record, at));

      assertThat(loaded(record.key()).lastAccessedAt()).isEqualTo(at);
    }

    @Test
    void saveWhenNoTouchThenLastAccessedAtUnchanged() {
      SessionRecord record = created();
      clock.advance(Duration.ofMinutes(5));

      repository().save(record.key(), set(record, "x", bytes(9)));

      assertThat(loaded(record.key()).lastAccessedAt()).isEqualTo(record.lastAccessedAt());
    }

    /** Issue 7, case 6: a long request's start time never undoes a later request's touch. */
    @Test
    void saveWhenTouchOlderThanRecordedThenLastAccessedAtKept() {
      SessionRecord record = created();
      Instant longRequestStart = clock.instant().plus(Duration.ofMinutes(1));
      clock.advance(Duration.ofMinutes(10));
      Instant later = clock.instant();
      repository().save(record.key(), touch(record, later));

      repository().save(record.key(),
          delta(record, Map.of("export", bytes(1)), Set.of(), longRequestStart, null, null));

      SessionRecord after = loaded(record.key());
      assertThat(after.lastAccessedAt()).isEqualTo(later);
      assertThat(after.attributes()).containsKey("export");
    }

    /** Issue 7, case 6: an older touch never brings the expiry (and the cleanup of the session) nearer. */
    @Test
    void saveWhenTouchOlderThanRecordedThenNotSweptBeforeLaterTouchExpires() {
      SessionRecord record = created();
      Instant longRequestStart = clock.instant().plus(Duration.ofMinutes(1));
      clock.advance(Duration.ofMinutes(10));
      SessionRecord touched = record.apply(touch(record, clock.instant()));
      repository().save(record.key(), touch(record, clock.instant()));
      repository().save(record.key(),
          delta(record, Map.of("export", bytes(1)), Set.of(), longRequestStart, null, null));

      clock.advance(IDLE.minusMinutes(5)); // past the old touch's idle deadline, before the later one's

      assertThat(repository().removeExpired(clock.instant(), 100)).isEmpty();
      assertThat(loaded(record.key()).expiresAt()).isEqualTo(touched.expiresAt());
    }

    @Test
    void saveWhenOnlyTouchThenAllOtherFieldsUnchanged() {
      SessionRecord record = created(newPrincipal("alice"));
      clock.advance(Duration.ofMinutes(5));

      repository().save(record.key(), touch(record, clock.instant()));

      SessionRecord expected = new SessionRecord(record.key(), record.createdAt(), clock.instant(),
          record.authenticatedAt(), record.idleTimeout(), record.absoluteTimeout(), record.principal(),
          record.attributes());
      assertSameSession(loaded(record.key()), expected);
    }

    @Test
    void saveWhenIdleTimeoutChangedThenLoadHasNewIdleTimeout() {
      SessionRecord record = created();

      repository().save(record.key(), delta(record, Map.of(), Set.of(), null, Duration.ofDays(14), null));

      assertThat(loaded(record.key()).idleTimeout()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void saveWhenAuthenticationChangedThenPrincipalAndAuthenticatedAtSet() {
      SessionRecord record = created();
      clock.advance(Duration.ofMinutes(3));

      repository().save(record.key(), authenticate(record, alice, clock.instant()));

      SessionRecord loaded = loaded(record.key());
      assertThat(loaded.principal()).isEqualTo(alice);
      assertThat(loaded.authenticatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void saveWhenDeauthenticatedThenPrincipalNull() {
      SessionRecord record = created(newPrincipal("alice"));
      clock.advance(Duration.ofMinutes(3));

      repository().save(record.key(), authenticate(record, null, clock.instant()));

      assertThat(loaded(record.key()).principal()).isNull();
    }

    @Test
    void saveWhenKeyUnknownThenFalse() {
      SessionRecord record = newRecord();

      assertThat(repository().save(record.key(), set(record, "x", bytes(1)))).isFalse();
    }

    @Test
    void saveWhenKeyUnknownThenNoSessionCreated() {
      SessionRecord record = newRecord();

      repository().save(record.key(), delta(record, Map.of("x", bytes(1)), Set.of(), clock.instant(), IDLE,
          new SessionDelta.Authentication(newPrincipal("alice"), clock.instant())));

      assertThat(repository().load(record.key())).isEmpty();
    }

    @Test
    void saveWhenDeltasOnDisjointAttributesThenBothLand() {
      SessionRecord record = stored(newRecord(null, Map.of("a", bytes(1), "b", bytes(2))));
      // two requests read the same snapshot, then each writes its own attribute
      SessionDelta first = set(record, "a", bytes(10));
      SessionDelta second = delta(record, Map.of("c", bytes(30)), Set.of("b"), null, null, null);

      repository().save(record.key(), first);
      repository().save(record.key(), second);

      assertThat(hex(loaded(record.key()).attributes())).isEqualTo(hex(Map.of("a", bytes(10), "c", bytes(30))));
    }

    @Test
    void saveAfterDeleteThenFalseAndLoadEmpty() {
      SessionRecord record = created();
      repository().delete(record.key());

      assertThat(repository().save(record.key(), touch(record, clock.instant()))).isFalse();
      assertThat(repository().load(record.key())).isEmpty();
    }
  }

  /** The id change time and the sign-in client fingerprint (since 0.2), through each operation that carries them. */
  @Nested
  class Metadata {

    @Test
    void createWhenMetadataSetThenLoadReturnsIt() {
      SessionRecord record = newRecord(alice, Map.of()).withMetadata(clock.instant().minusMillis(1234), LAPTOP);

      repository().create(record);

      assertSameSession(loaded(record.key()), record);
    }

    @Test
    void createWhenNoMetadataThenLoadHasNoIdChangeTimeNorClient() {
      SessionRecord record = created(newPrincipal("alice"));

      SessionRecord loaded = loaded(record.key());

      assertThat(loaded.idChangedAt()).isNull();
      assertThat(loaded.client()).isNull();
    }

    @Test
    void changeKeyWhenTimeGivenThenNewKeyLoadsItAsIdChangedAt() {
      SessionRecord record = created();
      clock.advance(Duration.ofMinutes(4).plusMillis(321));
      String newKey = newKey();

      assertThat(repository().changeKey(record.key(), newKey, clock.instant())).isTrue();

      assertThat(loaded(newKey).idChangedAt()).isEqualTo(clock.instant());
    }

    @Test
    void changeKeyWhenTimeGivenThenEverythingElseKept() {
      SessionRecord record = stored(newRecord(newPrincipal("alice"), Map.of("a", bytes(7))).withMetadata(null, PHONE));
      clock.advance(Duration.ofMinutes(4));
      String newKey = newKey();

      repository().changeKey(record.key(), newKey, clock.instant());

      assertSameData(loaded(newKey), record.withMetadata(clock.instant(), PHONE));
    }

    @Test
    void changeKeyTwiceThenLastTimeWins() {
      SessionRecord record = created();
      String second = newKey();
      String third = newKey();
      clock.advance(Duration.ofMinutes(1));
      repository().changeKey(record.key(), second, clock.instant());
      clock.advance(Duration.ofMinutes(1));

      repository().changeKey(second, third, clock.instant());

      assertThat(loaded(third).idChangedAt()).isEqualTo(clock.instant());
    }

    @Test
    void changeKeyWhenNoTimeGivenThenIdChangedAtKept() {
      SessionRecord record = stored(newRecord().withMetadata(clock.instant(), null));
      clock.advance(Duration.ofMinutes(4));
      String newKey = newKey();

      repository().changeKey(record.key(), newKey);

      assertThat(loaded(newKey).idChangedAt()).isEqualTo(record.idChangedAt());
    }

    @Test
    void saveWhenSignInCarriesClientThenLoadHasIt() {
      SessionRecord record = created();

      repository().save(record.key(), signIn(record, newPrincipal("alice"), clock.instant(), LAPTOP));

      assertThat(loaded(record.key()).client()).isEqualTo(LAPTOP);
    }

    @Test
    void saveWhenSignedInAgainFromAnotherClientThenClientReplaced() {
      SessionRecord record = stored(newRecord(newPrincipal("alice"), Map.of()).withMetadata(null, LAPTOP));
      clock.advance(Duration.ofMinutes(1));

      repository().save(record.key(), signIn(record, record.principal(), clock.instant(), PHONE));

      assertThat(loaded(record.key()).client()).isEqualTo(PHONE);
    }

    @Test
    void saveWhenSignedOutThenClientCleared() {
      SessionRecord record = stored(newRecord(newPrincipal("alice"), Map.of()).withMetadata(null, LAPTOP));

      repository().save(record.key(), signIn(record, null, clock.instant(), null));

      assertThat(loaded(record.key()).client()).isNull();
    }

    @Test
    void saveWhenNoAuthenticationThenMetadataKept() {
      SessionRecord record = stored(newRecord(newPrincipal("alice"), Map.of())
          .withMetadata(clock.instant().minusSeconds(5), LAPTOP));
      clock.advance(Duration.ofMinutes(2));

      repository().save(record.key(), delta(record, Map.of("x", bytes(1)), Set.of(), clock.instant(), null, null));

      SessionRecord loaded = loaded(record.key());
      assertThat(loaded.client()).isEqualTo(LAPTOP);
      assertThat(loaded.idChangedAt()).isEqualTo(record.idChangedAt());
    }

    @Test
    void findByPrincipalReturnsMetadata() {
      SessionRecord record = stored(newRecord(alice, Map.of()).withMetadata(clock.instant(), PHONE));

      List<SessionRecord> found = repository().findByPrincipal(alice, clock.instant());

      assertThat(found).singleElement().satisfies(r -> {
        assertThat(r.client()).isEqualTo(PHONE);
        assertThat(r.idChangedAt()).isEqualTo(record.idChangedAt());
      });
    }
  }

  /** Expiry: {@code removeExpired} hands each expired session over exactly once. */
  @Nested
  class Expiry {

    @Test
    void loadWhenExpiredThenStillReturned() {
      SessionRecord record = created();
      clock.advance(IDLE.plusSeconds(1));

      assertThat(repository().load(record.key()))
          .hasValueSatisfying(r -> assertThat(r.isExpired(clock.instant())).isTrue());
    }

    @Test
    void removeExpiredRemovesOnlyExpiredSessions() {
      SessionRecord old = created();
      clock.advance(Duration.ofMinutes(20));
      SessionRecord young = created();
      clock.advance(Duration.ofMinutes(15)); // old idle 35m > 30m; young idle 15m

      repository().removeExpired(clock.instant(), 100);

      assertThat(repository().load(old.key())).isEmpty();
      assertThat(repository().load(young.key())).isPresent();
    }

    @Test
    void removeExpiredReturnsTheRemovedRecords() {
      SessionRecord record = created(newPrincipal("alice"));
      created(); // live
      clock.advance(Duration.ofMinutes(10));
      SessionRecord live = created();
      clock.advance(IDLE.minusMinutes(5));

      List<SessionRecord> removed = repository().removeExpired(clock.instant(), 100);

      assertThat(keys(removed)).doesNotContain(live.key()).contains(record.key()).hasSize(2);
      assertSameSession(removed.stream().filter(r -> r.key().equals(record.key())).findFirst().orElseThrow(),
          record);
    }

    @Test
    void removeExpiredWhenAtDeadlineThenRemoved() {
      SessionRecord record = created();
      clock.advance(IDLE);

      assertThat(keys(repository().removeExpired(clock.instant(), 100))).containsExactly(record.key());
    }

    @Test
    void removeExpiredRespectsMax() {
      for (int i = 0; i < 5; i++) {
        created();
      }
      clock.advance(IDLE.plusSeconds(1));

      assertThat(repository().removeExpired(clock.instant(), 2)).hasSize(2);
      assertThat(repository().removeExpired(clock.instant(), 10)).hasSize(3);
    }

    @Test
    void removeExpiredWhenCalledTwiceThenSecondReturnsNone() {
      created();
      created();
      clock.advance(IDLE.plusSeconds(1));
      repository().removeExpired(clock.instant(), 100);

      assertThat(repository().removeExpired(clock.instant(), 100)).isEmpty();
    }

    @Test
    void removeExpiredWhenTouchedThenKept() {
      SessionRecord record = created();
      touchAfter(record, Duration.ofMinutes(20));
      clock.advance(Duration.ofMinutes(20)); // 40m since creation, 20m since the touch

      assertThat(repository().removeExpired(clock.instant(), 100)).isEmpty();
    }

    @Test
    void removeExpiredWhenAbsoluteTimeoutPassedThenRemovedDespiteTouch() {
      SessionRecord record = created();
      touchAfter(record, ABSOLUTE.minusMinutes(1));
      clock.advance(Duration.ofMinutes(1));

      assertThat(keys(repository().removeExpired(clock.instant(), 100))).containsExactly(record.key());
    }

    @Test
    void removeExpiredWhenIdleTimeoutExtendedThenKept() {
      SessionRecord record = created();
      repository().save(record.key(), delta(record, Map.of(), Set.of(), null, Duration.ofHours(2), null));
      clock.advance(Duration.ofHours(1));

      assertThat(repository().removeExpired(clock.instant(), 100)).isEmpty();
    }

    @Test
    void removeExpiredThenPrincipalHasNoSessionsToDelete() {
      created(alice);
      clock.advance(IDLE.plusSeconds(1));
      repository().removeExpired(clock.instant(), 100);

      assertThat(repository().deleteByPrincipal(alice, null)).isEmpty();
    }
  }

  /** {@code changeKey} and {@code movedTo}: the old key dies at once and leads to the new one. */
  @Nested
  class ChangeKey {

    /** Changes the key of the stored {@code record} to each of {@code keys} in turn; returns {@code record}. */
    private SessionRecord movedThrough(SessionRecord record, String... keys) {
      String current = record.key();
      for (String key : keys) {
        repository().changeKey(current, key);
        current = key;
      }
      return record;
    }

    @Test
    void changeKeyWhenOldKeyLoadedThenEmpty() {
      SessionRecord record = created();

      assertThat(repository().changeKey(record.key(), newKey())).isTrue();

      assertThat(repository().load(record.key())).isEmpty();
    }

    @Test
    void changeKeyWhenNewKeyLoadedThenSameData() {
      clock.advance(Duration.ofMillis(7));
      SessionRecord record = stored(newRecord(newPrincipal("alice"), Map.of("a", bytes(0, 255), "b", new byte[0])));
      touchAfter(record, Duration.ofMinutes(2));
      SessionRecord before = loaded(record.key());
      String newKey = newKey();

      repository().changeKey(record.key(), newKey);

      SessionRecord after = loaded(newKey);
      assertThat(after.key()).isEqualTo(newKey);
      assertSameData(after, before);
    }

    @Test
    void changeKeyWhenOldKeyUnknownThenFalse() {
      assertThat(repository().changeKey(newKey(), newKey())).isFalse();
    }

    @Test
    void changeKeyWhenOldKeyUnknownThenNewKeyEmpty() {
      String newKey = newKey();

      repository().changeKey(newKey(), newKey);

      assertThat(repository().load(newKey)).isEmpty();
    }

    @Test
    void changeKeyThenDeleteOldKeyReturnsFalse() {
      SessionRecord record = movedThrough(created(), newKey());

      assertThat(repository().delete(record.key())).isFalse();
    }

    @Test
    void changeKeyThenDeleteOldKeyLeavesNewKey() {
      String newKey = newKey();
      SessionRecord record = movedThrough(created(), newKey);

      repository().delete(record.key());

      assertThat(repository().load(newKey)).isPresent();
    }

    @Test
    void changeKeyThenSaveOnOldKeyReturnsFalse() {
      SessionRecord record = movedThrough(created(), newKey());

      assertThat(repository().save(record.key(), set(record, "x", bytes(1)))).isFalse();
    }

    @Test
    void changeKeyThenSaveOnOldKeyLeavesNewKeyUnchanged() {
      String newKey = newKey();
      SessionRecord record = movedThrough(created(), newKey);

      repository().save(record.key(), set(record, "x", bytes(1)));

      assertThat(loaded(newKey).attributes()).doesNotContainKey("x");
    }

    @Test
    void changeKeyThenSaveOnNewKeyLands() {
      String newKey = newKey();
      SessionRecord record = movedThrough(created(), newKey);

      assertThat(repository().save(newKey, set(record, "x", bytes(1)))).isTrue();

      assertThat(loaded(newKey).attributes()).containsKey("x");
    }

    @Test
    void changeKeyTwiceThenOnlyLastKeyLoads() {
      String second = newKey();
      String third = newKey();

      SessionRecord record = movedThrough(created(), second, third);

      assertLoadsOnlyUnder(third, record, record.key(), second);
    }

    @Test
    void movedToWhenNeverMovedThenEmpty() {
      SessionRecord record = created();

      assertThat(repository().movedTo(record.key())).isEmpty();
      assertThat(repository().movedTo(newKey())).isEmpty();
    }

    /** Issue 7, case 3: the moved mark leads a request that loaded the session earlier to its new key. */
    @Test
    void changeKeyThenMovedToOldKeyIsNewKey() {
      SessionRecord record = created();
      String newKey = newKey();

      repository().changeKey(record.key(), newKey);

      assertThat(repository().movedTo(record.key())).contains(newKey);
      assertThat(repository().movedTo(newKey)).isEmpty();
    }

    @Test
    void changeKeyTwiceThenMovedToFollowsToLastKey() {
      String second = newKey();
      String third = newKey();

      SessionRecord record = movedThrough(created(), second, third);

      assertThat(repository().movedTo(record.key())).contains(third);
      assertThat(repository().movedTo(second)).contains(third);
    }

    /** Issue 7, case 3: a mark is never a session, whatever operation reaches it. */
    @Test
    void changeKeyThenOldKeyNeitherLoadsNorChangesKeyAgain() {
      String winner = newKey();
      String loser = newKey();
      SessionRecord record = movedThrough(created(newPrincipal("alice")), winner);

      assertThat(repository().changeKey(record.key(), loser)).isFalse();
      assertLoadsOnlyUnder(winner, record, record.key(), loser);
    }

    @Test
    void changeKeyThenMovedMarkNeverSwept() {
      String newKey = newKey();
      movedThrough(created(), newKey);
      repository().delete(newKey);
      clock.advance(ABSOLUTE.plusSeconds(1));

      assertThat(repository().removeExpired(clock.instant(), 100)).isEmpty();
    }

    @Test
    void changeKeyThenFindByPrincipalReturnsNewKeyOnly() {
      SessionRecord record = created(alice);
      String newKey = newKey();

      repository().changeKey(record.key(), newKey);

      assertThat(keys(repository().findByPrincipal(alice, clock.instant()))).containsExactly(newKey);
    }

    @Test
    void changeKeyThenDeleteByPrincipalDeletesNewKey() {
      String newKey = newKey();
      movedThrough(created(alice), newKey);

      assertThat(keys(repository().deleteByPrincipal(alice, null))).containsExactly(newKey);
      assertThat(repository().load(newKey)).isEmpty();
    }

    @Test
    void changeKeyThenDeleteByPrincipalKeepsNewKey() {
      SessionRecord record = created(alice);
      SessionRecord other = created(alice);
      String newKey = newKey();
      movedThrough(record, newKey);

      assertThat(keys(repository().deleteByPrincipal(alice, newKey))).containsExactly(other.key());
      assertThat(repository().load(newKey)).isPresent();
    }

    @Test
    void changeKeyThenRemoveExpiredReturnsNewKey() {
      String newKey = newKey();
      movedThrough(created(), newKey);
      clock.advance(IDLE.plusSeconds(1));

      assertThat(keys(repository().removeExpired(clock.instant(), 100))).containsExactly(newKey);
    }
  }

  /** {@code delete}. */
  @Nested
  class Delete {

    @Test
    void deleteReturnsTrueOnceThenFalse() {
      SessionRecord record = created();

      assertThat(repository().delete(record.key())).isTrue();
      assertThat(repository().delete(record.key())).isFalse();
    }

    @Test
    void deleteThenLoadEmpty() {
      SessionRecord record = created();

      repository().delete(record.key());

      assertThat(repository().load(record.key())).isEmpty();
    }

    @Test
    void deleteWhenKeyUnknownThenFalse() {
      assertThat(repository().delete(newKey())).isFalse();
    }

    @Test
    void deleteLeavesOtherSessions() {
      SessionRecord doomed = created();
      SessionRecord other = created();

      repository().delete(doomed.key());

      assertSameSession(loaded(other.key()), other);
    }
  }

  /** {@code findByPrincipal}: the live sessions of one principal, whole. */
  @Nested
  class FindByPrincipal {

    @Test
    void findByPrincipalReturnsSessionsOfThatPrincipalOnly() {
      SessionRecord first = created(alice);
      SessionRecord second = created(alice);
      created(newPrincipal("bob"));
      created();

      assertThat(keys(repository().findByPrincipal(alice, clock.instant())))
          .containsExactlyInAnyOrder(first.key(), second.key());
    }

    @Test
    void findByPrincipalReturnsWholeRecords() {
      SessionRecord record = stored(newRecord(alice, Map.of("a", bytes(0, 255))));

      List<SessionRecord> found = repository().findByPrincipal(alice, clock.instant());

      assertThat(found).hasSize(1);
      assertSameSession(found.get(0), record);
    }

    @Test
    void findByPrincipalWhenUnknownThenEmpty() {
      created(newPrincipal("alice"));

      assertThat(repository().findByPrincipal(newPrincipal("nobody"), clock.instant())).isEmpty();
    }

    @Test
    void findByPrincipalWhenExpiredAtNowThenExcluded() {
      created(alice);
      clock.advance(Duration.ofMinutes(20));
      SessionRecord live = created(alice);
      clock.advance(Duration.ofMinutes(10)); // the first is exactly at its idle deadline

      assertThat(keys(repository().findByPrincipal(alice, clock.instant()))).containsExactly(live.key());
    }

    @Test
    void findByPrincipalWhenAuthenticationMovedThenListedUnderNewPrincipalOnly() {
      String bob = newPrincipal("bob");
      SessionRecord record = created(alice);

      repository().save(record.key(), authenticate(record, bob, clock.instant()));

      assertThat(repository().findByPrincipal(alice, clock.instant())).isEmpty();
      assertThat(keys(repository().findByPrincipal(bob, clock.instant()))).containsExactly(record.key());
    }

    @Test
    void findByPrincipalWhenAnonymousSessionAuthenticatesThenListed() {
      SessionRecord record = created();

      repository().save(record.key(), authenticate(record, alice, clock.instant()));

      assertThat(keys(repository().findByPrincipal(alice, clock.instant()))).containsExactly(record.key());
    }

    @Test
    void findByPrincipalWhenDeauthenticatedThenNotListed() {
      SessionRecord record = created(alice);

      repository().save(record.key(), authenticate(record, null, clock.instant()));

      assertThat(repository().findByPrincipal(alice, clock.instant())).isEmpty();
    }

    @Test
    void findByPrincipalAfterDeleteThenNone() {
      SessionRecord record = created(alice);

      repository().delete(record.key());

      assertThat(repository().findByPrincipal(alice, clock.instant())).isEmpty();
    }
  }

  /** {@code deleteByPrincipal}: sign-out everywhere, optionally keeping one session. */
  @Nested
  class DeleteByPrincipal {

    @Test
    void deleteByPrincipalWhenKeepKeyThenOthersDeleted() {
      SessionRecord kept = created(alice);
      SessionRecord first = created(alice);
      SessionRecord second = created(alice);

      repository().deleteByPrincipal(alice, kept.key());

      assertThat(repository().load(first.key())).isEmpty();
      assertThat(repository().load(second.key())).isEmpty();
    }

    @Test
    void deleteByPrincipalWhenKeepKeyThenKeepKeySurvives() {
      SessionRecord kept = created(alice);
      created(alice);

      repository().deleteByPrincipal(alice, kept.key());

      assertSameSession(loaded(kept.key()), kept);
    }

    @Test
    void deleteByPrincipalReturnsTheDeletedRecords() {
      SessionRecord kept = created(alice);
      SessionRecord first = stored(newRecord(alice, Map.of("a", bytes(0, 255))));
      SessionRecord second = created(alice);

      List<SessionRecord> deleted = repository().deleteByPrincipal(alice, kept.key());

      assertThat(keys(deleted)).containsExactlyInAnyOrder(first.key(), second.key());
      assertSameSession(deleted.stream().filter(r -> r.key().equals(first.key())).findFirst().orElseThrow(), first);
    }

    @Test
    void deleteByPrincipalWhenKeepKeyNullThenAllDeleted() {
      SessionRecord first = created(alice);
      SessionRecord second = created(alice);

      assertThat(keys(repository().deleteByPrincipal(alice, null)))
          .containsExactlyInAnyOrder(first.key(), second.key());
      assertThat(repository().findByPrincipal(alice, clock.instant())).isEmpty();
    }

    @Test
    void deleteByPrincipalLeavesOtherPrincipalsAndAnonymousSessions() {
      created(alice);
      SessionRecord bobs = created(newPrincipal("bob"));
      SessionRecord anonymous = created();

      repository().deleteByPrincipal(alice, null);

      assertSameSession(loaded(bobs.key()), bobs);
      assertSameSession(loaded(anonymous.key()), anonymous);
    }

    @Test
    void deleteByPrincipalWhenNoSessionsThenEmpty() {
      assertThat(repository().deleteByPrincipal(newPrincipal("nobody"), null)).isEmpty();
    }

    @Test
    void deleteByPrincipalWhenAuthenticationMovedAwayThenSessionNotDeleted() {
      SessionRecord record = created(alice);
      repository().save(record.key(), authenticate(record, newPrincipal("bob"), clock.instant()));

      assertThat(repository().deleteByPrincipal(alice, null)).isEmpty();
      assertThat(repository().load(record.key())).isPresent();
    }

    @Test
    void deleteByPrincipalTwiceThenSecondReturnsNone() {
      created(alice);
      repository().deleteByPrincipal(alice, null);

      assertThat(repository().deleteByPrincipal(alice, null)).isEmpty();
    }
  }

  /** Concurrent callers on real threads, with bounded waits. */
  @Nested
  class Concurrency {

    /** The threads of this test's concurrent tasks (no test runs more than eight at once). */
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopPool() throws InterruptedException {
      shutdown(pool);
    }

    /** Runs {@code first} and {@code second} at once; their results, in that order. */
    private <T> List<T> race(Callable<T> first, Callable<T> second) throws Exception {
      return concurrently(pool, List.of(first, second));
    }

    /** Runs {@code changeKey} of {@code record} to {@code newKey} and {@code other} at once; their results. */
    private List<Boolean> raceChangeKey(SessionRecord record, String newKey, Callable<Boolean> other)
        throws Exception {
      return race(() -> repository().changeKey(record.key(), newKey), other);
    }

    /** What a {@link #saveRacingChangeKey} round did: the keys, the value saved, and both results. */
    private record SaveRace(String oldKey, String newKey, byte[] value, boolean changed, boolean saved) {}

    /**
     * A fresh session whose key changes to a fresh one while {@code save} sets its attribute x to
     * {@code bytes(round)} on the old key, both at once.
     */
    private SaveRace saveRacingChangeKey(int round, BiPredicate<String, SessionDelta> save) throws Exception {
      SessionRecord record = created();
      String newKey = newKey();
      byte[] value = bytes(round);
      List<Boolean> results = raceChangeKey(record, newKey, () -> save.test(record.key(), set(record, "x", value)));
      return new SaveRace(record.key(), newKey, value, results.get(0), results.get(1));
    }

    @Test
    void saveWhenThreadsSetDisjointAttributesConcurrentlyThenAllLand() throws Exception {
      SessionRecord record = stored(newRecord(null, Map.of()));
      int threads = 8;
      int perThread = 25;
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(() -> {
          boolean all = true;
          for (int i = 0; i < perThread; i++) {
            all &= repository().save(record.key(), set(record, "t" + thread + "-" + i, bytes(thread, i)));
          }
          return all;
        });
      }

      assertThat(concurrently(pool, tasks)).containsOnly(true);

      assertThat(loaded(record.key()).attributes()).hasSize(threads * perThread);
    }

    @Test
    void changeKeyAndDeleteConcurrentlyThenExactlyOneWins() throws Exception {
      for (int i = 0; i < 200; i++) {
        SessionRecord record = created();
        String newKey = newKey();

        List<Boolean> won = raceChangeKey(record, newKey, () -> repository().delete(record.key()));

        boolean changed = won.get(0);
        boolean deleted = won.get(1);
        assertThat(changed ^ deleted).as("exactly one of changeKey and delete returns true").isTrue();
        assertThat(repository().load(record.key())).as("old key").isEmpty();
        if (deleted) {
          assertThat(repository().load(newKey)).as("new key after delete won").isEmpty();
        } else {
          assertSameData(loaded(newKey), record);
        }
      }
    }

    @Test
    void saveOnOldKeyConcurrentWithChangeKeyThenNeverLostSilently() throws Exception {
      for (int i = 0; i < 200; i++) {
        SaveRace race = saveRacingChangeKey(i, (key, delta) -> repository().save(key, delta));

        assertThat(race.changed()).as("changeKey").isTrue();
        assertThat(loaded(race.newKey()).attributes().containsKey("x"))
            .as("the attribute is under the new key exactly when save returned true")
            .isEqualTo(race.saved());
      }
    }

    /**
     * Issue 7, case 3: two requests change the id of one session at once. One wins; the loser finds the
     * winner's key through the moved mark and changes that in turn; only the last key loads.
     */
    @Test
    void changeKeyConcurrentlyFromOneKeyThenLoserFollowsAndRotatesAgain() throws Exception {
      for (int i = 0; i < 100; i++) {
        SessionRecord record = created(newPrincipal("alice"));
        String first = newKey();
        String second = newKey();

        List<Boolean> won = race(
            () -> repository().changeKey(record.key(), first),
            () -> repository().changeKey(record.key(), second));

        assertThat(won).as("exactly one wins").containsExactlyInAnyOrder(true, false);
        String winner = won.get(0) ? first : second;
        String loser = won.get(0) ? second : first;
        assertThat(repository().movedTo(record.key())).contains(winner);
        assertThat(repository().changeKey(winner, loser)).isTrue();
        assertLoadsOnlyUnder(loser, record, record.key(), winner);
      }
    }

    /**
     * Issue 7, case 3: a request that loaded the session before another changed its id saves as the
     * core does (the old key, then where the moved mark leads): its write always lands.
     */
    @Test
    void saveFollowingMovedToConcurrentWithChangeKeyThenAlwaysLands() throws Exception {
      for (int i = 0; i < 100; i++) {
        SaveRace race = saveRacingChangeKey(i, this::saveFollowing);

        assertThat(List.of(race.changed(), race.saved())).as("changeKey, then the following save")
            .containsExactly(true, true);
        assertThat(hex(loaded(race.newKey()).attributes())).containsEntry("x", HexFormat.of().formatHex(race.value()));
        assertThat(repository().load(race.oldKey())).isEmpty();
      }
    }

    /** A save as the core makes it: on the key it knows, then along the moved marks. */
    private boolean saveFollowing(String key, SessionDelta delta) {
      String current = key;
      for (int attempt = 0; attempt < 4; attempt++) {
        if (repository().save(current, delta)) {
          return true;
        }
        var next = repository().movedTo(current);
        if (next.isEmpty()) {
          return false;
        }
        current = next.get();
      }
      return false;
    }

    @Test
    void deleteByPrincipalWhileSessionsTouchedThenAllDeleted() throws Exception {
      for (int round = 0; round < 200; round++) {
        String alice = newPrincipal("alice");
        List<SessionRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          records.add(created(alice));
        }
        AtomicBoolean stop = new AtomicBoolean();

        List<List<String>> results = race(
            () -> {
              long millis = 0;
              while (!stop.get()) {
                for (SessionRecord r : records) {
                  // a distinct instant each time, so every touch really changes the record
                  repository().save(r.key(), touch(r, clock.instant().plusMillis(++millis)));
                }
              }
              return List.of();
            },
            () -> {
              try {
                return keys(repository().deleteByPrincipal(alice, null));
              } finally {
                stop.set(true);
              }
            });

        List<String> survivors = records.stream().map(SessionRecord::key)
            .filter(k -> repository().load(k).isPresent()).toList();
        assertThat(survivors).as("sessions that survived sign-out everywhere").isEmpty();
        assertThat(results.get(1)).hasSize(records.size());
      }
    }

    @Test
    void deleteByPrincipalConcurrentWithChangeKeyThenNoSessionSurvives() throws Exception {
      for (int i = 0; i < 200; i++) {
        String alice = newPrincipal("alice");
        SessionRecord record = created(alice);
        String newKey = newKey();

        List<Object> results = race(
            () -> repository().changeKey(record.key(), newKey),
            () -> repository().deleteByPrincipal(alice, null));

        assertThat(repository().load(record.key())).as("old key").isEmpty();
        assertThat(repository().load(newKey)).as("new key").isEmpty();
        assertThat((List<?>) results.get(1)).as("records deleted").hasSize(1);
      }
    }

    @Test
    void authenticationChangesConcurrentThenIndexMatchesFinalPrincipal() throws Exception {
      for (int i = 0; i < 200; i++) {
        String alice = newPrincipal("alice");
        String bob = newPrincipal("bob");
        String carol = newPrincipal("carol");
        SessionRecord record = created(alice);

        race(
            () -> repository().save(record.key(), authenticate(record, bob, clock.instant())),
            () -> repository().save(record.key(), authenticate(record, carol, clock.instant())));

        String principal = loaded(record.key()).principal();
        String other = principal.equals(bob) ? carol : bob;
        assertThat(keys(repository().findByPrincipal(principal, clock.instant()))).containsExactly(record.key());
        assertThat(repository().findByPrincipal(other, clock.instant())).isEmpty();
        assertThat(repository().findByPrincipal(alice, clock.instant())).isEmpty();
      }
    }

    @Test
    void findByPrincipalWhileOtherSessionsOfThePrincipalComeAndGoThenListed() throws Exception {
      List<List<String>> results = race(
          () -> {
            for (int i = 0; i < 2000; i++) {
              repository().delete(created(alice).key());
            }
            return List.of();
          },
          () -> {
            List<String> missed = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
              String key = created(alice).key();
              if (!keys(repository().findByPrincipal(alice, clock.instant())).contains(key)) {
                missed.add(key);
              }
              repository().delete(key);
            }
            return missed;
          });

      assertThat(results.get(1)).as("live sessions missing from their principal's list").isEmpty();
    }

    @Test
    void removeExpiredWhenSweptConcurrentlyThenEachRecordReturnedOnce() throws Exception {
      List<String> all = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        all.add(created().key());
      }
      clock.advance(IDLE.plusSeconds(1));
      Instant now = clock.instant();
      List<Callable<List<String>>> sweepers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        sweepers.add(() -> {
          List<String> mine = new ArrayList<>();
          List<SessionRecord> batch;
          do {
            batch = repository().removeExpired(now, 7);
            mine.addAll(keys(batch));
          } while (!batch.isEmpty());
          return mine;
        });
      }

      List<String> swept = concurrently(pool, sweepers).stream().flatMap(List::stream).toList();

      assertThat(swept).containsExactlyInAnyOrderElementsOf(all);
    }
  }
}

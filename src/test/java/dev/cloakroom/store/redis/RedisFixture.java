package dev.cloakroom.store.redis;

import dev.cloakroom.Internals;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.support.FakeClock;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Redis repository for one test class, under a namespace of its own (random suffix), on a
 * {@link FakeClock}, with every command it sends recorded; plus a raw connection for assertions.
 * {@link #close()} deletes every key of the namespace (and stops the server, if the fixture owns it).
 */
final class RedisFixture implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  final FakeClock clock = new FakeClock();
  final RedisKeys keys;
  final RedisRepository repository;
  final RedisClusterCommands<String, String> raw;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final RedisNamespaces namespaces;
  private AutoCloseable server;

  private RedisFixture(String uri, String namespacePrefix) {
    keys = new RedisKeys(namespacePrefix + "-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL));
    RedisEndpoints endpoints = RedisEndpoints.parse(uri);
    CommandListener listener = new CommandListener() {
      @Override
      public void commandStarted(CommandStartedEvent event) {
        commands.add(event.getCommand().getType().toString());
      }
    };
    repository = RedisStoreFactory.connect(endpoints, keys, Duration.ofSeconds(2), clock, List.of(listener));
    namespaces = RedisNamespaces.connect(uri);
    raw = namespaces.raw;
    commands.clear();
  }

  static RedisFixture of(String uri, String namespacePrefix) {
    return new RedisFixture(uri, namespacePrefix);
  }

  /** As {@link #of}, on a server the test class started, which {@link #close()} then stops. */
  static RedisFixture owning(AutoCloseable server, String uri, String namespacePrefix) throws Exception {
    try {
      RedisFixture fixture = new RedisFixture(uri, namespacePrefix);
      fixture.server = server;
      return fixture;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Commands the repository sent since the last {@link #resetCommands()}, by type (HGETALL, EVALSHA...). */
  List<String> commands() {
    return List.copyOf(commands);
  }

  void resetCommands() {
    commands.clear();
  }

  /** A fresh store key, as the filter makes it. */
  static String newKey() {
    return Internals.storeKey(Internals.newId(RANDOM));
  }

  /** A record created now with a 30 minute idle and 8 hour absolute timeout. */
  SessionRecord record(String key, String principal, Map<String, byte[]> attributes) {
    Instant now = clock.instant();
    return new SessionRecord(key, now, now, principal != null ? now : null, Duration.ofMinutes(30),
        Duration.ofHours(8), principal, attributes);
  }

  String sessionKey(String storeKey) {
    return new String(keys.session(storeKey), java.nio.charset.StandardCharsets.UTF_8);
  }

  String scheduleKey(String storeKey) {
    return new String(keys.schedule(storeKey), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The index bucket that holds {@code principal}'s entry. */
  String indexKey(String principal) {
    return new String(keys.index(principal), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The store keys {@code principal}'s index entry lists, in its order; empty if it has no entry. */
  List<String> indexed(String principal) {
    return indexEntry(principal).stream().map(e -> e.getKey()).toList();
  }

  /** The deadline (epoch ms) {@code principal}'s index entry gives {@code storeKey}, or null. */
  Long indexDeadline(String principal, String storeKey) {
    return indexEntry(principal).stream().filter(e -> e.getKey().equals(storeKey)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }

  /** The raw index entry of {@code principal}: store key, deadline pairs. */
  private List<Map.Entry<String, Long>> indexEntry(String principal) {
    String value = raw.hget(indexKey(principal), principal);
    if (value == null) {
      return List.of();
    }
    String[] words = value.split(" ");
    List<Map.Entry<String, Long>> out = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < words.length; i += 2) {
      out.add(Map.entry(words[i + 1], Long.parseLong(words[i])));
    }
    return out;
  }

  /**
   * What one more entry costs a bucket of the schedule or the index, in bytes: the growth of one
   * probe bucket from 20 to 120 entries, per entry, the size buckets have at about 100,000 sessions (a
   * listpack; past 128 entries Redis turns it into a skip list or a hash table, dearer per entry).
   * Entries are all of one size, so MEMORY USAGE's sampling is exact here.
   */
  long bucketEntryBytes(boolean index) {
    String bucket = keys.namespace() + (index ? ":i:{bytes-probe}" : ":e:{bytes-probe}");
    long deadline = clock.instant().toEpochMilli() + Duration.ofHours(8).toMillis();
    long before = 0;
    for (int i = 0; i < 120; i++) {
      if (i == 20) {
        before = raw.memoryUsage(bucket);
      }
      if (index) {
        raw.hset(bucket, "user-" + (100_000 + i) + "@example.com", deadline + " " + newKey());
      } else {
        raw.zadd(bucket, deadline + i, newKey());
      }
    }
    long perEntry = (raw.memoryUsage(bucket) - before) / 100;
    raw.del(bucket);
    return perEntry;
  }

  @Override
  public void close() throws Exception {
    try {
      namespaces.drop(keys.namespace());
    } finally {
      repository.close();
      namespaces.close();
      if (server != null) {
        server.close();
      }
    }
  }
}

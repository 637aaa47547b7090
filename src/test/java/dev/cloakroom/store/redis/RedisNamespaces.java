package dev.cloakroom.store.redis;

import dev.cloakroom.support.Services;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** Test-side raw connections, and clean-up of a namespace's keys. */
final class RedisNamespaces implements AutoCloseable {

  final RedisClusterCommands<String, String> raw;
  private final AutoCloseable client;

  private RedisNamespaces(RedisClusterCommands<String, String> raw, AutoCloseable client) {
    this.raw = raw;
    this.client = client;
  }

  /** A raw connection to the machine's Redis; aborts (or, under {@code CI=true}, fails) if it is not up. */
  static RedisNamespaces local() {
    Services.requireRedis();
    return connect(Services.REDIS_URL);
  }

  /** A raw connection to the servers a {@code store} URI names (standalone or cluster, no TLS). */
  static RedisNamespaces connect(String uri) {
    RedisEndpoints e = RedisEndpoints.parse(uri);
    String first = "redis://" + e.hosts().get(0);
    if (e.mode() == RedisEndpoints.Mode.CLUSTER) {
      RedisClusterClient c = RedisClusterClient.create(first);
      return new RedisNamespaces(c.connect().sync(), c::shutdown);
    }
    RedisClient c = RedisClient.create(first);
    return new RedisNamespaces(c.connect().sync(), c::shutdown);
  }

  /** Deletes every key under {@code namespace} (on every node of a cluster). */
  void drop(String namespace) {
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(namespace + ":*").limit(500);
    do {
      KeyScanCursor<String> page = raw.scan(cursor, args);
      for (String k : page.getKeys()) {
        raw.del(k);
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  @Override
  public void close() throws Exception {
    client.close();
  }
}

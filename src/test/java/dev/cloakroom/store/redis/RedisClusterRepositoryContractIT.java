package dev.cloakroom.store.redis;

import dev.cloakroom.support.RedisClusterProcess;
import dev.cloakroom.support.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a Redis Cluster of three masters that this class starts from
 * {@code redis-server} on free loopback ports (and stops after), a fresh namespace per test.
 */
class RedisClusterRepositoryContractIT extends RedisContract {

  private static RedisClusterProcess cluster;
  private static RedisNamespaces namespaces;

  @BeforeAll
  static void startCluster() {
    Services.requireRedisServer();
    cluster = RedisClusterProcess.start();
    namespaces = RedisNamespaces.connect(cluster.uri());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (namespaces != null) {
      namespaces.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected String uri() {
    return cluster.uri();
  }

  @Override
  protected RedisNamespaces namespaces() {
    return namespaces;
  }
}

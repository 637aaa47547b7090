package dev.cloakroom.store.redis;

import dev.cloakroom.store.RepositoryContract;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.support.RedisClusterProcess;
import dev.cloakroom.support.Services;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The store contract against a Redis Cluster of three masters that this class starts from
 * {@code redis-server} on free loopback ports (and stops after), a fresh namespace per test.
 */
class RedisClusterRepositoryContractIT extends RepositoryContract {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static RedisClusterProcess cluster;
  private static RedisNamespaces namespaces;
  private RedisRepository repository;

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

  @BeforeEach
  void open() {
    repository = RedisStoreFactory.connect(RedisEndpoints.parse(cluster.uri()),
        new RedisKeys("cloakroom-contract-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL)),
        Duration.ofSeconds(2), clock);
  }

  @AfterEach
  void close() {
    if (repository != null) {
      namespaces.drop(repository.keys().namespace());
      repository.close();
    }
  }

  @Override
  protected SessionRepository repository() {
    return repository;
  }
}

package dev.cloakroom.store.redis;

import dev.cloakroom.store.RepositoryContract;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.support.Services;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The store contract against the machine's Redis (127.0.0.1:6379), a fresh namespace per test. */
class RedisRepositoryContractIT extends RepositoryContract {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String URI = "redis://" + Services.REDIS_HOST + ":" + Services.REDIS_PORT;
  private static RedisNamespaces namespaces;
  private RedisRepository repository;

  @BeforeAll
  static void requireRedis() {
    Services.requireRedis();
    namespaces = RedisNamespaces.connect(URI);
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (namespaces != null) {
      namespaces.close();
    }
  }

  @BeforeEach
  void open() {
    repository = RedisStoreFactory.connect(
        RedisEndpoints.parse(URI),
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

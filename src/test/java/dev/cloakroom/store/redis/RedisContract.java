package dev.cloakroom.store.redis;

import dev.cloakroom.store.RepositoryContract;
import dev.cloakroom.store.SessionRepository;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The store contract on a Redis deployment the subclass names: a fresh namespace per test, dropped
 * after it.
 */
abstract class RedisContract extends RepositoryContract {

  private static final SecureRandom RANDOM = new SecureRandom();
  private RedisRepository repository;

  /** The {@code store} URI of the deployment under test. */
  protected abstract String uri();

  /** The connection that drops a test's namespace. */
  protected abstract RedisNamespaces namespaces();

  @BeforeEach
  void open() {
    repository = RedisStoreFactory.connect(RedisEndpoints.parse(uri()),
        new RedisKeys("cloakroom-contract-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL)),
        Duration.ofSeconds(2), clock);
  }

  @AfterEach
  void close() {
    if (repository != null) {
      namespaces().drop(repository.keys().namespace());
      repository.close();
    }
  }

  @Override
  protected SessionRepository repository() {
    return repository;
  }
}

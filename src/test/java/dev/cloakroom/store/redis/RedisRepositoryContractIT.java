package dev.cloakroom.store.redis;

import dev.cloakroom.support.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against the machine's Redis (127.0.0.1:6379), a fresh namespace per test. */
class RedisRepositoryContractIT extends RedisContract {

  private static final String URI = "redis://" + Services.REDIS_HOST + ":" + Services.REDIS_PORT;
  private static RedisNamespaces namespaces;

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

  @Override
  protected String uri() {
    return URI;
  }

  @Override
  protected RedisNamespaces namespaces() {
    return namespaces;
  }
}

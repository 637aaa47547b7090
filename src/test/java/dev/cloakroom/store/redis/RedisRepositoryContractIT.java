package dev.cloakroom.store.redis;

import dev.cloakroom.support.Services;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against the machine's Redis (127.0.0.1:6379), a fresh namespace per test. */
class RedisRepositoryContractIT extends RedisContract {

  @AutoClose
  private static RedisNamespaces namespaces;

  @BeforeAll
  static void connect() {
    namespaces = RedisNamespaces.local();
  }

  @Override
  protected String uri() {
    return Services.REDIS_URL;
  }

  @Override
  protected RedisNamespaces namespaces() {
    return namespaces;
  }
}

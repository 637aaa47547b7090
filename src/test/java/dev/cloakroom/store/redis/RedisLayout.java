package dev.cloakroom.store.redis;

import java.nio.charset.StandardCharsets;

/** The Redis store's key layout, for tests in other packages that look at Redis itself. */
public final class RedisLayout {

  private RedisLayout() {}

  /** The key of the hash holding the session stored under {@code storeKey}, in {@code namespace}. */
  public static String sessionKey(String namespace, String storeKey) {
    return new String(new RedisKeys(namespace).session(storeKey), StandardCharsets.UTF_8);
  }
}
